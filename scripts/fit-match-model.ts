/**
 * Fits the lead-to-account match model and writes src/core/routing/match/model.ts.
 * `npx tsx scripts/fit-match-model.ts`
 *
 * 1. Pair model: L2 logistic regression of "this candidate is the lead's company" on the pair
 *    features (domain, name similarities, word rarity, geography, size, rivals) over every
 *    candidate the blocking index returns for synthetic leads (so the negatives are the hard
 *    ones the matcher really meets). Two kinds of account lists: realistic invented names
 *    (generateMatchAccounts, 20,000 and 200,000 of them) and the synthetic market's few-syllable
 *    names, which collide often.
 * 2. Decision calibration: on leads from *other* seeds and account lists, a Platt-style logistic
 *    of "the best candidate is right" on its logit and how crowded the top is. This is
 *    what makes the confidence calibrated (among matches at 0.9, about 90% right), including
 *    leads from companies that are not accounts (the share in training: 30%).
 * The features are generic evidence, not properties of the generator, and the model has ~20
 * weights, so it cannot learn the generator's quirks by heart; tests check it on held-out seeds
 * and on real company names (Fortune 500) with hand-written variants.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MatchIndex } from "../src/core/routing/match/account-index.js";
import { FEATURES, viewLead } from "../src/core/routing/match/features.js";
import { fitLogistic } from "../src/core/routing/match/fit.js";
import { crowd, Matcher } from "../src/core/routing/match/matcher.js";
import { MATCH_MODEL, type MatchModel } from "../src/core/routing/match/model.js";
import {
  generateLeads,
  generateMatchAccounts,
  type LeadAccount,
  readLeadAccounts,
} from "../src/synth/leads.js";
import { generateMarket } from "../src/synth/market.js";

const asIndex = (accounts: readonly LeadAccount[]) =>
  new MatchIndex(
    accounts.map((a) => ({
      id: a.id,
      name: a.name,
      domain: a.domain,
      state: a.state,
      postalCode: a.postalCode,
      employees: a.employees,
      parentId: a.parentId,
      country: "US",
    })),
  );

function marketAccounts(seed: number, n: number): LeadAccount[] {
  const dir = join(tmpdir(), "routing", `fit-match-${seed}`);
  generateMarket({ accounts: n, reps: 30, seed, asOf: "2026-06-30" }, dir);
  return readLeadAccounts(dir);
}

interface Source {
  readonly accounts: LeadAccount[];
  readonly seed: number;
  readonly leads: number;
}

// Account lists of two sizes: names collide far more often in a list of 200,000 (namesakes,
// typo neighbours) than in one of 20,000, and the model meets both.
const train: Source[] = [
  { accounts: generateMatchAccounts(101, 20_000), seed: 101, leads: 12_000 },
  { accounts: generateMatchAccounts(105, 200_000), seed: 105, leads: 12_000 },
  { accounts: marketAccounts(103, 8000), seed: 103, leads: 4000 },
];
const calibrate: Source[] = [
  { accounts: generateMatchAccounts(201, 20_000), seed: 201, leads: 12_000 },
  { accounts: generateMatchAccounts(205, 200_000), seed: 205, leads: 12_000 },
  { accounts: marketAccounts(203, 8000), seed: 203, leads: 4000 },
];

// 1. Pair model.
const rows: Float64Array[] = [];
const labels: number[] = [];
for (const s of train) {
  const index = asIndex(s.accounts);
  const m = new Matcher(index, MATCH_MODEL);
  for (const l of generateLeads(s.accounts, { seed: s.seed, count: s.leads, asOf: "2026-06-30" })) {
    for (const c of m.score(viewLead({ ...l })).list) {
      rows.push(c.features);
      labels.push(index.ids[c.account] === l.truthAccountId ? 1 : 0);
    }
  }
}
const w = fitLogistic(rows, labels, 1e-4);
const weights = Object.fromEntries(
  FEATURES.map((f, k) => [f, round(w[k] as number)]),
) as MatchModel["weights"];
const pairModel: MatchModel = { weights, calibration: { a: 1, b: 0, c: 0 }, provenance: "" };

// 2. Decision calibration on other seeds.
const crows: Float64Array[] = [];
const clabels: number[] = [];
for (const s of calibrate) {
  const index = asIndex(s.accounts);
  const m = new Matcher(index, pairModel);
  for (const l of generateLeads(s.accounts, { seed: s.seed, count: s.leads, asOf: "2026-06-30" })) {
    const scored = m.score(viewLead({ ...l }));
    const best = scored.list[0];
    if (!best) continue;
    crows.push(Float64Array.of(1, best.logit, crowd(scored)));
    clabels.push(index.ids[best.account] === l.truthAccountId ? 1 : 0);
  }
}
const cw = fitLogistic(crows, clabels, 1e-4);
const model: MatchModel = {
  weights,
  calibration: { a: round(cw[1] as number), b: round(cw[2] as number), c: round(cw[0] as number) },
  provenance: `fitted by scripts/fit-match-model.ts on ${rows.length} candidate pairs (seeds 101, 103, 105) and calibrated on ${crows.length} leads (seeds 201, 203, 205)`,
};

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

const out = join(import.meta.dirname, "../src/core/routing/match/model.ts");
const text = `import type { FeatureName } from "./features.js";

/**
 * The fitted match model. GENERATED by \`npx tsx scripts/fit-match-model.ts\` (do not edit by
 * hand): an L2 logistic model over the pair features, then a Platt-style calibration of the
 * decision (best candidate's logit and how crowded the top is). See that script.
 */
export interface MatchModel {
  readonly weights: Readonly<Record<FeatureName, number>>;
  /** confidence = min(sigmoid(a * z_best + b * crowd + c), exp(-crowd)), crowd = log sum_i exp(z_i - z_best). */
  readonly calibration: { readonly a: number; readonly b: number; readonly c: number };
  readonly provenance: string;
}

export const MATCH_MODEL: MatchModel = ${JSON.stringify(model, null, 2)};
`;
writeFileSync(out, text);
console.log(text);
