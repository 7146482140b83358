/** The ARC task plugin and its helpers. */
export { arcPlugin, ARC_INPUT_SCHEMA } from './plugin.js';
export { MAX_ATTEMPTS, MAX_GRID_SIDE, NUM_COLOURS } from '../../symbolic/arc/grid/types.js';
export type { ArcAnswer, ArcPair, ArcTask, ArcTest, Grid } from '../../symbolic/arc/grid/types.js';
export { cloneGrid, gridColours, gridProblem, gridShape, gridsEqual, isGrid, validateGrid } from '../../symbolic/arc/grid/grid.js';
export { parseArcAnswer, parseArcTask } from './parse.js';
export { formatArcAnswer, formatArcTask, formatKaggleAttempts } from './format.js';
export {
  ARC_COLOUR_OFFSET,
  ARC_EOS_ID,
  ARC_PAD_ID,
  ARC_TOKENS,
  decodeArc,
  decodeGrid,
  encodeArc,
  encodeGrid,
  encodeLabelGrid,
  encodeTrainPairs,
} from './tokens.js';
export { checkRules, inferRules, isCropOf, MIN_PAIRS_FOR_SHAPE_RULES, RULE_NAMES, type Rule, type RuleName } from '../../symbolic/arc/grid/rules.js';
export { verifyArc, type ArcVerification } from './verify.js';
export { knownSolutions, scoreArc, type ArcScore } from './score.js';
export { combineArcCandidates } from './combine.js';
export {
  ARC_AUGMENTATIONS,
  arcColourPermutation,
  arcDihedral,
  arcTranslation,
  colourPermutationTransform,
  createArcTranslation,
  cropTopLeft,
  dihedral,
  DIHEDRAL_INVERSE,
  DIHEDRAL_NAMES,
  dihedralTransform,
  mapAnswerGrids,
  mapTaskGrids,
  permuteColours,
  translateGrid,
  translationTransform,
} from './augment.js';
export { ARC_SPLITS, arcSplitFiles, loadArcDataset, overlappingIds, type ArcDatasetEntry, type ArcSplit } from './loader.js';
export { ARC_SAMPLES, SAMPLE_RECOLOUR, SAMPLE_ROTATE, SAMPLE_SOLUTIONS } from './samples.js';
