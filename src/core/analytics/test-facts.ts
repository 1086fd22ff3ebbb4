import type { AccountFacts } from "./facts.js";

/** An account's facts for tests: zeros except what is given. */
export function facts(
  accountId: string,
  dims: readonly string[],
  f: Partial<Omit<AccountFacts, "accountId" | "dims">> = {},
): AccountFacts {
  return {
    accountId,
    dims,
    newWon: 0,
    newLost: 0,
    amountN: 0,
    logAmountSum: 0,
    logAmountSq: 0,
    cycleN: 0,
    logCycleSum: 0,
    logCycleSq: 0,
    mrrNow: 0,
    mrrYearAgo: 0,
    openPipeline: 0,
    ...f,
  };
}

/** One account per deal outcome with a fixed deal amount (ln sums filled in). */
export function dealAccounts(
  prefix: string,
  dims: readonly string[],
  won: number,
  lost: number,
  amount = 10_000,
): AccountFacts[] {
  const l = Math.log(amount);
  const out: AccountFacts[] = [];
  for (let i = 0; i < won; i++)
    out.push(
      facts(`${prefix}-w${i}`, dims, {
        newWon: 1,
        amountN: 1,
        logAmountSum: l,
        logAmountSq: l * l,
        cycleN: 1,
        logCycleSum: Math.log(60),
        logCycleSq: Math.log(60) ** 2,
      }),
    );
  for (let i = 0; i < lost; i++) out.push(facts(`${prefix}-l${i}`, dims, { newLost: 1 }));
  return out;
}
