/**
 * Token conventions shared by the task plugins (which encode labels) and the neural layer (which
 * computes the loss), kept in this leaf so neither layer imports the other.
 */

/** Label id the loss ignores (PyTorch's cross-entropy default, and the reference's). */
export const IGNORE_LABEL_ID = -100;
