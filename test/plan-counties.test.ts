import { describe, expect, it } from "vitest";
import { Rng } from "../src/core/planning/ctdp/rng.js";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import { buildScenario } from "../src/core/planning/scenario/build.js";
import { parseScenarioConfig } from "../src/core/planning/scenario/config.js";
import type { AccountInput, RepInput } from "../src/core/planning/scenario/inputs.js";
import { validatePlan } from "../src/core/planning/validate.js";
import { usCounties } from "../src/io/plan/counties.js";

/**
 * US counties with heavy-tailed account counts and potential, and a team that lives in four
 * metros (most of it on the two coasts): the shape of a real county plan, where territories must
 * stay connected while the reps' homes say little about where the accounts are.
 */
function countyMarket(seed: number) {
  const geo = usCounties();
  const rng = new Rng(seed);
  const gauss = () =>
    Math.sqrt(-2 * Math.log(Math.max(rng.next(), 1e-12))) * Math.cos(2 * Math.PI * rng.next());
  const accounts: AccountInput[] = [];
  geo.ids.forEach((fips, u) => {
    const count = Math.round(Math.exp(gauss() * 1.3) * 2);
    for (let i = 0; i < count; i++)
      accounts.push({
        id: `${fips}-${i}`,
        owner: null,
        latitude: geo.latitude[u] ?? null,
        longitude: geo.longitude[u] ?? null,
        tag: null,
        area: fips,
        values: { revenue: Math.round(Math.exp(gauss() * 1.1) * 1e6) },
        openOpportunity: false,
      });
  });
  const metros: [number, number, number][] = [
    [34.05, -118.25, 5],
    [40.71, -74.0, 4],
    [41.88, -87.63, 2],
    [30.27, -97.74, 1],
  ];
  const reps: RepInput[] = metros.flatMap(([lat, lon, k], m) =>
    Array.from({ length: k }, (_, i) => ({
      id: `rep-${m}-${i}`,
      name: null,
      capacity: 0.8 + 0.1 * ((m + i) % 4),
      latitude: lat + i * 0.05,
      longitude: lon - i * 0.05,
      skills: [],
    })),
  );
  return { geo, accounts, reps };
}

describe("county plans with contiguity", () => {
  it("finds connected territories within +-25% on potential and accounts", () => {
    const { geo, accounts, reps } = countyMarket(7);
    const parsed = parseScenarioConfig({
      measures: [
        { name: "potential", column: "revenue", tolerance: 0.25 },
        { name: "accounts", count: true, tolerance: 0.25 },
      ],
      weights: { balance: 1, compactness: 1, disruption: 0 },
      units: "counties",
      contiguity: true,
      solver: "heuristic",
      timeLimit: 8,
    });
    if (!parsed.ok) throw new Error(parsed.errors.join("; "));
    const { problem, rules } = buildScenario(parsed.config, accounts, reps, geo);
    expect(problem.n).toBe(geo.ids.length);
    const res = solveHeuristic(problem, rules, { timeLimit: 8, seed: 1 });
    expect(res.issues).toEqual([]);
    expect(res.status).toBe("feasible");
    const check = validatePlan(problem, rules, res.assign ?? new Int32Array(0));
    expect(check.valid).toBe(true);
  }, 30_000);
});
