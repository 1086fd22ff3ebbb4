import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { PaydirtError } from "../../core/errors.js";
import type { FitModel } from "../../core/scoring/ml/model.js";

const platt = z.object({ a: z.number(), b: z.number() });
const tree = z.object({
  feature: z.array(z.number().int()),
  threshold: z.array(z.number().int()),
  missingLeft: z.array(z.number().int()),
  left: z.array(z.number().int()),
  right: z.array(z.number().int()),
  value: z.array(z.number()),
  cover: z.array(z.number()),
  cats: z.array(z.array(z.number().int().min(0).max(255))),
});
const feature = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("numeric"),
    column: z.string(),
    source: z.enum(["number", "boolean", "date"]),
    dateOrder: z.enum(["MDY", "DMY"]).optional(),
    decimal: z.literal(",").optional(),
    edges: z.array(z.number()).max(253),
    log: z.boolean(),
    center: z.number(),
    scale: z.number(),
    fill: z.number(),
  }),
  z.object({
    kind: z.literal("categorical"),
    column: z.string(),
    levels: z.array(z.string()).max(253),
  }),
]);
const member = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("gbdt"),
    gbdt: z.object({ base: z.number(), trees: z.array(tree) }),
    platt,
  }),
  z.object({
    kind: z.literal("logistic"),
    logistic: z.object({
      lambda: z.number(),
      coef: z.array(z.number()),
      mean: z.array(z.number()),
    }),
    platt,
  }),
  z.object({
    kind: z.literal("nb"),
    nb: z.object({
      alpha: z.number(),
      evidence: z.boolean().optional(),
      base: z.number(),
      weights: z.array(z.array(z.number())),
      mean: z.array(z.number()),
    }),
    platt,
  }),
]);
// Metrics may be NaN, which JSON writes as null.
const metric = z
  .number()
  .nullable()
  .transform((v) => v ?? Number.NaN);
const schema = z.object({
  format: z.literal("paydirt-fit-model"),
  version: z.literal(1),
  target: z.object({ column: z.string(), positive: z.string() }),
  candidate: z.string(),
  prior: z.number(),
  features: z.array(feature).min(1),
  members: z.array(member).min(1),
  calibration: platt,
  identifiers: z.array(z.string()),
  columns: z.array(z.object({ column: z.string(), type: z.string(), detail: z.string() })),
  selection: z.object({
    rows: z.number(),
    folds: z.number(),
    results: z.array(
      z.object({
        candidate: z.string(),
        auc: metric,
        aucLo: metric,
        aucHi: metric,
        brier: metric,
        logLoss: metric,
        lift10: metric,
        calibrationError: metric,
        behind: metric.optional(),
        behindSe: metric.optional(),
        settings: z.string().optional(),
      }),
    ),
    repeats: z.number().optional(),
    reason: z.string().optional(),
  }),
  trainedRows: z.number(),
});

/** Write a model as JSON. */
export async function saveModel(path: string, model: FitModel): Promise<void> {
  await writeFile(path, `${JSON.stringify(model)}\n`);
}

/** Read and validate a model file; errors name the file and the first invalid field. */
export async function loadModel(path: string): Promise<FitModel> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw PaydirtError.of("invalid", "model_file", `not a model file (${(e as Error).message})`, {
      path: { file: path },
      cause: e,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "(top)";
    throw PaydirtError.of(
      "invalid",
      "model_file",
      `invalid model file at ${where}: ${issue?.message ?? "unknown problem"}`,
      { path: { file: path } },
    );
  }
  return parsed.data as FitModel;
}
