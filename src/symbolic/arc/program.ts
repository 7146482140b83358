/**
 * Programs as data. A program is a list of primitive names applied in order, then an optional
 * learned final step. Its text is mathematical composition, read RIGHT TO LEFT:
 * `colormap{10→4} ∘ fill ∘ crop` means crop, then fill, then the colour map. The empty program
 * prints as `identity`.
 */
export interface ArcProgram {
  /** Primitive names in application order (first applied first). */
  readonly steps: readonly string[];
  /** The fitted final step's text ('' when the last primitive's output is already the answer). */
  readonly learned: string;
  /** Description length: the sum of the step costs (lower is simpler). */
  readonly cost: number;
}

/** The program's text (right-to-left composition with ∘). */
export function programText(p: Pick<ArcProgram, 'steps' | 'learned'>): string {
  const parts = [...(p.learned ? [p.learned] : []), ...p.steps.slice().reverse()];
  return parts.length ? parts.join(' ∘ ') : 'identity';
}

/** Splits program text back into its steps in application order (the learned step, if any, last). */
export function parseProgramText(text: string): string[] {
  if (text.trim() === 'identity') return [];
  return text.split('∘').map((s) => s.trim()).reverse();
}
