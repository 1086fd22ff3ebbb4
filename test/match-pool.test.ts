/** Matching on worker threads gives exactly what one Matcher gives, in the leads' order. */
import { describe, expect, it } from "vitest";
import { MatchIndex } from "../src/core/routing/match/account-index.js";
import { Matcher } from "../src/core/routing/match/matcher.js";
import { MatchPool } from "../src/io/routing/match-pool.js";
import { generateLeads, generateMatchAccounts } from "../src/synth/leads.js";

describe("match pool", () => {
  it("two workers match like one thread", { timeout: 180_000 }, async () => {
    const accounts = generateMatchAccounts(3, 3000);
    const leads = generateLeads(accounts, { seed: 4, count: 4500, asOf: "2026-06-30" });
    const one = new Matcher(new MatchIndex(accounts));
    const want = leads.map((l) => one.match(l, { threshold: 0.6, rollup: true }));
    const pool = await MatchPool.start(accounts, 2);
    try {
      const got = await pool.match(leads, { threshold: 0.6, rollup: true });
      expect(got.length).toBe(leads.length);
      expect(got).toEqual(want);
      expect(await pool.match([])).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});
