/**
 * Monte Carlo over the open deals and the pipeline not yet created, for two consecutive periods
 * at once. Each open deal is won in period 1, in period 2, or neither, independently, with its
 * probabilities; draws where a deal is won are found by geometric skips (exact, and the cost
 * grows with the expected wins, not with deals x draws). New deals won in a period are a Poisson
 * count per owner and segment, each with an amount drawn from the segment's won amounts.
 * Hand-written: no maintained library does this kind of grouped simulation on typed arrays.
 */

import { normalCdf, normalQuantile } from "../analytics/special.js";
import { seeded, seededStream } from "../random.js";

/** One open deal's chances. */
export interface OpenChance {
  readonly group: number;
  readonly amount: number;
  /** P(won in period 1). */
  readonly p1: number;
  /** P(won in period 2). */
  readonly p2: number;
}

/** Expected count of new wins of one group in each period, and the amounts to draw from. */
export interface NewChance {
  readonly group: number;
  readonly wins1: number;
  readonly wins2: number;
  readonly amounts: Float64Array;
}

/** Totals per group and draw: `period1[g * draws + d]`. */
export interface Draws {
  readonly groups: number;
  readonly draws: number;
  readonly period1: Float32Array;
  readonly period2: Float32Array;
}

/** Everything a simulation needs, as plain values (it can be posted to a worker thread). */
export interface SimulationJob {
  readonly groups: number;
  readonly open: readonly OpenChance[];
  readonly fresh: readonly NewChance[];
  readonly draws: number;
  readonly seed: number;
  readonly shock: number;
  readonly newShock: number;
}

/**
 * Simulate `draws` outcomes of every open deal and new-pipeline count, summed per group.
 *
 * `shock` (sd, default 0) adds a common factor: draws are cut into strata, each with its own
 * standard normal Z. Within a stratum every deal's chance moves by a one-factor Gaussian copula,
 * p(Z) = Phi((Phi^-1(p) + a Z) / sqrt(1 - a^2)) with loading a = shock x p / phi(Phi^-1(p)) (so
 * the relative swing of small chances is about `shock`), and new-pipeline counts are scaled by
 * exp(s Z - s^2 / 2), s = `newShock` (default `shock`). Averaged over Z both keep their means
 * exactly: the analytic expectation stays the same, only the spread widens.
 */
export function simulate(
  groups: number,
  open: readonly OpenChance[],
  fresh: readonly NewChance[],
  draws: number,
  seed = 1,
  shock = 0,
  newShock = shock,
): Draws {
  const out: Draws = {
    groups,
    draws,
    period1: new Float32Array(groups * draws),
    period2: new Float32Array(groups * draws),
  };
  simulateInto({ groups, open, fresh, draws, seed, shock, newShock }, out);
  return out;
}

/**
 * Simulate the groups `take` accepts (all by default) into `out`, whose other groups' rows are
 * left alone: threads can share one pair of arrays, each taking some groups. The common shocks
 * come from the seed's first stream and each group's draws from a stream of its own
 * (`seededStream(seed, group + 1)`), so the result does not depend on how groups are split.
 */
export function simulateInto(
  job: SimulationJob,
  out: Pick<Draws, "period1" | "period2">,
  take: (group: number) => boolean = () => true,
): void {
  const { groups, open, fresh, draws, seed, shock, newShock } = job;
  const { period1, period2 } = out;
  const shaken = shock > 0 || newShock > 0;
  const strata = shaken ? Math.min(draws, 100) : 1;
  const bounds = Array.from({ length: strata + 1 }, (_, k) => Math.round((k * draws) / strata));
  const common = seeded(seed);
  const z = Array.from({ length: strata }, () => (shaken ? common.normal() : 0));
  // Deals and new pipeline by group (counting sort, input order kept within a group).
  const openBy = byGroup(groups, open);
  const freshBy = byGroup(groups, fresh);
  for (let g = 0; g < groups; g++) {
    if (!take(g)) continue;
    const rng = seededStream(seed, g + 1);
    const base = g * draws;
    for (let i = openBy.start[g] as number; i < (openBy.start[g + 1] as number); i++) {
      const o = open[openBy.order[i] as number] as OpenChance;
      const p0 = o.p1 + o.p2;
      if (!(p0 > 0) || !(o.amount > 0)) continue;
      const amount = o.amount;
      const share1 = o.p1 / p0;
      const q = shock > 0 && p0 < 1 ? normalQuantile(p0) : 0;
      const a = shock > 0 && p0 < 1 ? Math.min(0.95, (shock * p0) / densityNormal(q)) : 0;
      const scale = Math.sqrt(1 - a * a);
      for (let k = 0; k < strata; k++) {
        const p = a > 0 ? normalCdf((q + a * (z[k] as number)) / scale) : p0;
        const from = base + (bounds[k] as number);
        const to = base + (bounds[k + 1] as number);
        if (!(p > 0)) continue;
        const pa = p * share1;
        if (pa >= 0.6) {
          // Likely wins in period 1: add the amount to every draw, then skip to the draws where
          // the deal is not won in period 1 (won in period 2 instead, or not at all).
          for (let d = from; d < to; d++) period1[d] = (period1[d] as number) + amount;
          const other = 1 - pa;
          const toTwo = (p - pa) / other;
          const logr = Math.log1p(-Math.min(other, 1 - 1e-12));
          let d = from + Math.floor(Math.log(1 - rng.next()) / logr);
          while (d < to) {
            period1[d] = (period1[d] as number) - amount;
            if (rng.next() < toTwo) period2[d] = (period2[d] as number) + amount;
            d += 1 + Math.floor(Math.log(1 - rng.next()) / logr);
          }
          continue;
        }
        if (p >= 0.25) {
          for (let d = from; d < to; d++) {
            const u = rng.next();
            if (u < p) {
              if (u < pa) period1[d] = (period1[d] as number) + amount;
              else period2[d] = (period2[d] as number) + amount;
            }
          }
          continue;
        }
        // Geometric skips: the gap to the next draw where the deal is won.
        const logq = Math.log1p(-Math.min(p, 1 - 1e-12));
        let d = from + Math.floor(Math.log(1 - rng.next()) / logq);
        while (d < to) {
          if (rng.next() < share1) period1[d] = (period1[d] as number) + amount;
          else period2[d] = (period2[d] as number) + amount;
          d += 1 + Math.floor(Math.log(1 - rng.next()) / logq);
        }
      }
    }
    for (let i = freshBy.start[g] as number; i < (freshBy.start[g + 1] as number); i++) {
      const f = fresh[freshBy.order[i] as number] as NewChance;
      const n = f.amounts.length;
      if (n === 0) continue;
      for (let k = 0; k < strata; k++) {
        const m =
          newShock > 0 ? Math.exp(newShock * (z[k] as number) - (newShock * newShock) / 2) : 1;
        for (let d = base + (bounds[k] as number); d < base + (bounds[k + 1] as number); d++) {
          for (let c = rng.poisson(f.wins1 * m); c > 0; c--)
            period1[d] = (period1[d] as number) + (f.amounts[rng.int(n)] as number);
          for (let c = rng.poisson(f.wins2 * m); c > 0; c--)
            period2[d] = (period2[d] as number) + (f.amounts[rng.int(n)] as number);
        }
      }
    }
  }
}

/** Indices of `items` ordered by group: group g's are order[start[g] .. start[g + 1]). */
function byGroup(
  groups: number,
  items: readonly { readonly group: number }[],
): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(groups + 1);
  for (const it of items)
    if (it.group >= 0 && it.group < groups)
      start[it.group + 1] = (start[it.group + 1] as number) + 1;
  for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
  const fill = start.slice(0, groups);
  const order = new Int32Array(start[groups] as number);
  items.forEach((it, i) => {
    if (it.group < 0 || it.group >= groups) return;
    const at = fill[it.group] as number;
    order[at] = i;
    fill[it.group] = at + 1;
  });
  return { order, start };
}

/**
 * Expected work of each group's simulation (deal-draws visited, roughly), for splitting groups
 * between threads.
 */
export function groupCosts(job: SimulationJob): Float64Array {
  const cost = new Float64Array(job.groups);
  for (const o of job.open) {
    const p = o.p1 + o.p2;
    cost[o.group] =
      (cost[o.group] as number) +
      (p >= 0.25 && p * (o.p1 / (p || 1)) < 0.6 ? 1 : Math.min(1, 2 * p) + 0.01);
  }
  for (const f of job.fresh)
    cost[f.group] = (cost[f.group] as number) + 0.1 + 2 * (f.wins1 + f.wins2);
  return cost;
}

/** Standard normal density. */
function densityNormal(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** The analytic mean and variance of a group's total in a period (for checks and reports). */
export function expectation(
  group: number,
  period: 1 | 2,
  open: readonly OpenChance[],
  fresh: readonly NewChance[],
): { mean: number; variance: number } {
  let mean = 0;
  let variance = 0;
  for (const o of open) {
    if (o.group !== group || !(o.amount > 0)) continue;
    const p = period === 1 ? o.p1 : o.p2;
    mean += p * o.amount;
    variance += p * (1 - p) * o.amount * o.amount;
  }
  for (const f of fresh) {
    if (f.group !== group || f.amounts.length === 0) continue;
    const m = period === 1 ? f.wins1 : f.wins2;
    let s1 = 0;
    let s2 = 0;
    for (const a of f.amounts) {
      s1 += a;
      s2 += a * a;
    }
    mean += (m * s1) / f.amounts.length;
    variance += (m * s2) / f.amounts.length;
  }
  return { mean, variance };
}

/** Sum the draws of member groups into parent groups (`parent[g]` = parent index or -1). */
export function rollUp(d: Draws, parent: readonly number[], parents: number): Draws {
  const period1 = new Float32Array(parents * d.draws);
  const period2 = new Float32Array(parents * d.draws);
  for (let g = 0; g < d.groups; g++) {
    const p = parent[g] ?? -1;
    if (p < 0) continue;
    const src = g * d.draws;
    const dst = p * d.draws;
    for (let k = 0; k < d.draws; k++) {
      period1[dst + k] = (period1[dst + k] as number) + (d.period1[src + k] as number);
      period2[dst + k] = (period2[dst + k] as number) + (d.period2[src + k] as number);
    }
  }
  return { groups: parents, draws: d.draws, period1, period2 };
}

/** P10, P50, P90 and mean of one group's draws in a period. */
export function summarise(
  d: Draws,
  group: number,
  period: 1 | 2,
): { p10: number; p50: number; p90: number; mean: number } {
  const src = period === 1 ? d.period1 : d.period2;
  const v = Float64Array.from(src.subarray(group * d.draws, (group + 1) * d.draws));
  let s = 0;
  for (const x of v) s += x;
  const q = (f: number) => {
    const x = f * (v.length - 1);
    const i = Math.floor(x);
    const a = select(v, i);
    const b = select(v, Math.min(v.length - 1, i + 1));
    return a + (b - a) * (x - i);
  };
  return { p10: q(0.1), p50: q(0.5), p90: q(0.9), mean: s / Math.max(1, v.length) };
}

/** The k-th smallest value of `v` (Hoare's selection; reorders `v`). */
function select(v: Float64Array, k: number): number {
  let lo = 0;
  let hi = v.length - 1;
  while (hi > lo) {
    const pivot = v[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((v[i] as number) < pivot) i++;
      while ((v[j] as number) > pivot) j--;
      if (i <= j) {
        const t = v[i] as number;
        v[i] = v[j] as number;
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k] as number;
  }
  return v[k] as number;
}
