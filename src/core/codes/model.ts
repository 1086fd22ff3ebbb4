/** Issue codes of the fit model on any table (src/io/frame, `paydirt model`). */
export const MODEL_CODES = [
  /** The target column named is not in the file. */
  "model_target",
  /** The target's values give no usable labels (no positive value, one class only, ...). */
  "model_labels",
  /** A model file that is not JSON or not a valid model. */
  "model_file",
] as const;

export type ModelCode = (typeof MODEL_CODES)[number];
