/**
 * Sample mazes in the task's text form (arrays of row strings) for the demo, docs and playground.
 * All are at most 11×11 so both built-in maze plugins accept them, and all are solvable (a test
 * checks). The first two come from the generator ('hard', unique shortest path); the third is
 * hand-made, non-square, with a loop.
 */
export const MAZE_SAMPLES: readonly (readonly string[])[] = [
  ['###########', '#         #', '# ### # ###', '#   # # # #', '### # # #G#', '#   # #   #', '# ### ### #', '# #S#   # #', '# # # ### #', '#   #     #', '###########'],
  ['###########', '#G# S     #', '# ####### #', '# #   #   #', '# # # # # #', '#   # # # #', '##### # ###', '#     #   #', '# ####### #', '#         #', '###########'],
  ['###########', '#S    #   #', '# ### # # #', '# #     # #', '# # ### ###', '#   #    G#', '###########'],
];
