/** Scalar maths used on both sides of the neural/SDK boundary. */

/** The logistic function; turns a q_halt logit into the model's "done and right" probability. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
