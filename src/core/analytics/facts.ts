/**
 * What the analytics need to know about one account as of a date T: its segment values and
 * additive sums of its deals and revenue. Everything is a sum, so segments add accounts up.
 */
export interface AccountFacts {
  readonly accountId: string;
  /** One value per segment dimension, in the order of the dimension names. */
  readonly dims: readonly string[];
  /** New-business deals won / lost with a close date in the look-back window. */
  readonly newWon: number;
  readonly newLost: number;
  /** Won new-business deals with a positive amount: count, sum of ln(amount) and of its square. */
  readonly amountN: number;
  readonly logAmountSum: number;
  readonly logAmountSq: number;
  /** Won new-business deals with a cycle: count, sum of ln(days) and of its square. */
  readonly cycleN: number;
  readonly logCycleSum: number;
  readonly logCycleSq: number;
  /** Monthly recurring revenue in the month of T and twelve months earlier (0 when none). */
  readonly mrrNow: number;
  readonly mrrYearAgo: number;
  /** Amount of open pipeline at T. */
  readonly openPipeline: number;
}

/** Additive statistics of a set of accounts (a segment). */
export interface SegmentStats {
  accounts: number;
  newWon: number;
  newLost: number;
  amountN: number;
  logAmountSum: number;
  logAmountSq: number;
  cycleN: number;
  logCycleSum: number;
  logCycleSq: number;
  /** Customers now (MRR > 0 at T), their ln(ARR) sums, and total ARR. */
  customers: number;
  logArrSum: number;
  logArrSq: number;
  arr: number;
  /** Customers a year before T, how many still pay, how many pay more. */
  cohort: number;
  retained: number;
  expanded: number;
  /** Revenue sums over the cohort: a = MRR a year ago, b = MRR now, k = min(a, b). */
  cohortA: number;
  cohortB: number;
  cohortK: number;
  cohortAA: number;
  cohortAB: number;
  cohortAK: number;
  cohortBB: number;
  cohortKK: number;
  openPipeline: number;
  /** Account-level (cluster) sums of deal outcomes, amounts and cycles, for design effects. */
  win: ClusterSums;
  amount: ClusterSums;
  cycle: ClusterSums;
}

/**
 * Sums over accounts of a per-account total S and count n (deals are grouped by account and
 * may be alike within one): accounts with n > 0, sum of S^2, of S x n and of n^2.
 */
export interface ClusterSums {
  clusters: number;
  ss: number;
  sn: number;
  nn: number;
}

const emptyCluster = (): ClusterSums => ({ clusters: 0, ss: 0, sn: 0, nn: 0 });

function addCluster(c: ClusterSums, total: number, n: number): void {
  if (n <= 0) return;
  c.clusters++;
  c.ss += total * total;
  c.sn += total * n;
  c.nn += n * n;
}

/** Empty statistics. */
export function emptyStats(): SegmentStats {
  return {
    accounts: 0,
    newWon: 0,
    newLost: 0,
    amountN: 0,
    logAmountSum: 0,
    logAmountSq: 0,
    cycleN: 0,
    logCycleSum: 0,
    logCycleSq: 0,
    customers: 0,
    logArrSum: 0,
    logArrSq: 0,
    arr: 0,
    cohort: 0,
    retained: 0,
    expanded: 0,
    cohortA: 0,
    cohortB: 0,
    cohortK: 0,
    cohortAA: 0,
    cohortAB: 0,
    cohortAK: 0,
    cohortBB: 0,
    cohortKK: 0,
    openPipeline: 0,
    win: emptyCluster(),
    amount: emptyCluster(),
    cycle: emptyCluster(),
  };
}

/** Add one account to a segment's statistics. */
export function addAccount(s: SegmentStats, f: AccountFacts): void {
  s.accounts++;
  s.newWon += f.newWon;
  s.newLost += f.newLost;
  s.amountN += f.amountN;
  s.logAmountSum += f.logAmountSum;
  s.logAmountSq += f.logAmountSq;
  s.cycleN += f.cycleN;
  s.logCycleSum += f.logCycleSum;
  s.logCycleSq += f.logCycleSq;
  s.openPipeline += f.openPipeline;
  addCluster(s.win, f.newWon, f.newWon + f.newLost);
  addCluster(s.amount, f.logAmountSum, f.amountN);
  addCluster(s.cycle, f.logCycleSum, f.cycleN);
  if (f.mrrNow > 0) {
    const l = Math.log(12 * f.mrrNow);
    s.customers++;
    s.logArrSum += l;
    s.logArrSq += l * l;
    s.arr += 12 * f.mrrNow;
  }
  if (f.mrrYearAgo > 0) {
    const a = f.mrrYearAgo;
    const b = Math.max(0, f.mrrNow);
    const k = Math.min(a, b);
    s.cohort++;
    if (b > 0) s.retained++;
    if (b > a) s.expanded++;
    s.cohortA += a;
    s.cohortB += b;
    s.cohortK += k;
    s.cohortAA += a * a;
    s.cohortAB += a * b;
    s.cohortAK += a * k;
    s.cohortBB += b * b;
    s.cohortKK += k * k;
  }
}

/** Add one segment's statistics into another's (segments over disjoint accounts). */
export function mergeStats(into: SegmentStats, from: SegmentStats): void {
  for (const k of Object.keys(from) as (keyof SegmentStats)[]) {
    const v = from[k];
    if (typeof v === "number") (into[k] as number) += v;
    else {
      const c = into[k] as ClusterSums;
      c.clusters += v.clusters;
      c.ss += v.ss;
      c.sn += v.sn;
      c.nn += v.nn;
    }
  }
}
