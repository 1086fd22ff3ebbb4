import type { SignalCounts } from "./counts.js";
import { fitGammaPrior, type GammaPrior } from "./gamma-poisson.js";
import type { IntentAccount } from "./input.js";

/** Peer segments of the surge test; group 0 is all accounts, the fallback of small segments. */
export interface PeerGroups {
  readonly names: readonly string[];
  /** The group each account is compared with. */
  readonly groupOf: Int32Array;
  /** Gamma prior of weekly rates in the baseline, per group. */
  readonly baseline: readonly GammaPrior[];
  /** Gamma prior of weekly rates over the last L weeks (index L - 1), per group. */
  readonly recent: readonly (readonly GammaPrior[])[];
}

/** Group accounts by peer segment (segments under `minPeers` accounts use all) and fit priors. */
export function peerGroups(
  accounts: readonly IntentAccount[],
  counts: SignalCounts,
  minPeers: number,
): PeerGroups {
  const n = accounts.length;
  const { K, B } = counts;
  const names: string[] = ["all"];
  const members: number[][] = [Array.from({ length: n }, (_, a) => a)];
  const groupOf = new Int32Array(n);
  const index = new Map<string, number>();
  accounts.forEach((acc, a) => {
    let g = index.get(acc.peerGroup);
    if (g === undefined) {
      g = names.length;
      index.set(acc.peerGroup, g);
      names.push(acc.peerGroup);
      members.push([]);
    }
    members[g]?.push(a);
    groupOf[a] = g;
  });
  const baseline: GammaPrior[] = [];
  const recent: GammaPrior[][] = [];
  members.forEach((m, g) => {
    if (g > 0 && m.length < minPeers) {
      for (const a of m) groupOf[a] = 0;
      baseline.push({ shape: 1, rate: 1 });
      recent.push([]);
      return;
    }
    // Plain loops: Float64Array.from with a map function is many times slower in V8, and this
    // runs for every group at every as-of date of a backtest.
    const xs = new Float64Array(m.length);
    for (let k = 0; k < m.length; k++) xs[k] = counts.baseline[m[k] as number] ?? 0;
    baseline.push(fitGammaPrior(xs, B));
    const perL: GammaPrior[] = [];
    for (let L = 1; L <= K; L++) {
      for (let k = 0; k < m.length; k++)
        xs[k] = counts.cumulative[(m[k] as number) * K + L - 1] ?? 0;
      perL.push(fitGammaPrior(xs, L));
    }
    recent.push(perL);
  });
  return { names, groupOf, baseline, recent };
}
