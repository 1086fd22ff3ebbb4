import { Rng } from "./ctdp/rng.js";
import { makeProblem, type PlanProblem } from "./problem.js";
import type { PlanRule } from "./rules/rule.js";
import { buildScenario } from "./scenario/build.js";
import { parseScenarioConfig } from "./scenario/config.js";
import type { Geography } from "./scenario/geography.js";
import type { AccountInput, RepInput } from "./scenario/inputs.js";

/** Options of a synthetic planning problem (tests and benchmarks). */
export interface SyntheticOptions {
  readonly n: number;
  readonly p: number;
  readonly seed: number;
  /** Place units on a jittered grid with 4-neighbour adjacency (for contiguity). */
  readonly grid?: boolean;
  /** Tag names drawn for about 10% of units each; reps get each tag with probability 1/3. */
  readonly tags?: readonly string[];
  /** Spread of potential (lognormal sigma; default 0.8). */
  readonly sigma?: number;
}

/**
 * A seeded synthetic problem: units in clustered towns over a 1000 km square, measures
 * potential (lognormal), workload (correlated with potential) and accounts (1 each),
 * rep homes at random units, and current owners from a noisy nearest-home rule.
 */
export function syntheticProblem(o: SyntheticOptions): PlanProblem {
  const { n, p } = o;
  const rng = new Rng(o.seed);
  const gauss = () => {
    const a = Math.max(rng.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * rng.next());
  };
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const edges: number[] = [];
  if (o.grid) {
    const cols = Math.ceil(Math.sqrt(n));
    const cell = 1000 / cols;
    for (let u = 0; u < n; u++) {
      const r = Math.floor(u / cols);
      const c = u % cols;
      x[u] = (c + 0.5 + (rng.next() - 0.5) * 0.3) * cell;
      y[u] = (r + 0.5 + (rng.next() - 0.5) * 0.3) * cell;
      if (c + 1 < cols && u + 1 < n) edges.push(u, u + 1);
      if (u + cols < n) edges.push(u, u + cols);
    }
  } else {
    const towns = Math.max(1, Math.round(Math.sqrt(n) / 2));
    const tx = Float64Array.from({ length: towns }, () => rng.next() * 1000);
    const ty = Float64Array.from({ length: towns }, () => rng.next() * 1000);
    for (let u = 0; u < n; u++) {
      if (rng.next() < 0.2) {
        x[u] = rng.next() * 1000;
        y[u] = rng.next() * 1000;
      } else {
        const t = rng.int(towns);
        x[u] = Math.min(1000, Math.max(0, (tx[t] ?? 0) + gauss() * 25));
        y[u] = Math.min(1000, Math.max(0, (ty[t] ?? 0) + gauss() * 25));
      }
    }
  }
  const sigma = o.sigma ?? 0.8;
  const measures = new Float64Array(n * 3);
  for (let u = 0; u < n; u++) {
    const pot = Math.exp(gauss() * sigma) * 100;
    measures[u * 3] = pot;
    measures[u * 3 + 1] = 5 + Math.sqrt(pot) * (0.5 + rng.next());
    measures[u * 3 + 2] = 1;
  }
  const homeX = new Float64Array(p);
  const homeY = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    const u = rng.int(n);
    homeX[r] = x[u] ?? 0;
    homeY[r] = y[u] ?? 0;
  }
  // Noisy current owners: nearest home for most units, a random rep for some.
  const owner = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    if (rng.next() < 0.15) {
      owner[u] = rng.int(p);
      continue;
    }
    let best = 0;
    let bd = Number.POSITIVE_INFINITY;
    for (let r = 0; r < p; r++) {
      const d = ((x[u] ?? 0) - (homeX[r] ?? 0)) ** 2 + ((y[u] ?? 0) - (homeY[r] ?? 0)) ** 2;
      if (d < bd) {
        bd = d;
        best = r;
      }
    }
    owner[u] = best;
  }
  const tagNames = o.tags ?? [];
  const tag = new Int32Array(n).fill(-1);
  if (tagNames.length)
    for (let u = 0; u < n; u++)
      if (rng.next() < 0.1 * tagNames.length) tag[u] = rng.int(tagNames.length);
  const skills = Array.from({ length: p }, () =>
    tagNames.map((_, t) => t).filter(() => rng.next() < 1 / 3),
  );
  return makeProblem({
    measureNames: ["potential", "workload", "accounts"],
    measures,
    x,
    y,
    owner,
    tag,
    tagNames,
    capacity: new Float64Array(p).fill(1),
    homeX,
    homeY,
    skills,
    ...(o.grid ? { edges } : {}),
  });
}

/**
 * US counties with heavy-tailed account counts and potential, and a team that lives in four
 * metros (most of it on the two coasts): the shape of a real county plan, where territories must
 * stay connected while the reps' homes say little about where the accounts are.
 */
export function countyMarket(
  geo: Geography,
  seed: number,
): { accounts: AccountInput[]; reps: RepInput[] } {
  const rng = new Rng(seed);
  const gauss = () =>
    Math.sqrt(-2 * Math.log(Math.max(rng.next(), 1e-12))) * Math.cos(2 * Math.PI * rng.next());
  const metros: [number, number, number][] = [
    [34.05, -118.25, 5],
    [40.71, -74.0, 4],
    [41.88, -87.63, 2],
    [30.27, -97.74, 1],
  ];
  // Current owners: a rep of the nearest metro (by squared degrees; a rough book, as in CRMs).
  const nearest = (lat: number, lon: number) => {
    let best = 0;
    let bd = Number.POSITIVE_INFINITY;
    metros.forEach(([a, b], m) => {
      const d = (a - lat) ** 2 + (b - lon) ** 2;
      if (d < bd) {
        bd = d;
        best = m;
      }
    });
    return best;
  };
  const accounts: AccountInput[] = [];
  geo.ids.forEach((fips, u) => {
    const count = Math.round(Math.exp(gauss() * 1.3) * 2);
    const lat = geo.latitude[u] ?? 0;
    const lon = geo.longitude[u] ?? 0;
    const m = nearest(lat, lon);
    for (let i = 0; i < count; i++)
      accounts.push({
        id: `${fips}-${i}`,
        owner: `rep-${m}-${rng.int(metros[m]?.[2] ?? 1)}`,
        latitude: lat,
        longitude: lon,
        tag: null,
        area: fips,
        values: { revenue: Math.round(Math.exp(gauss() * 1.1) * 1e6) },
        openOpportunity: false,
      });
  });
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
  return { accounts, reps };
}

/**
 * The county market of `countyMarket` as a planning scenario: potential (revenue) and account
 * count within +-`tolerance`, connected county territories.
 */
export function countyScenario(
  geo: Geography,
  seed: number,
  tolerance: number,
  disruption: number,
): { problem: PlanProblem; rules: PlanRule[] } {
  const { accounts, reps } = countyMarket(geo, seed);
  const parsed = parseScenarioConfig({
    measures: [
      { name: "potential", column: "revenue", tolerance },
      { name: "accounts", count: true, tolerance },
    ],
    weights: { balance: 1, compactness: 1, disruption },
    units: "counties",
    contiguity: true,
  });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join("; "));
  const { problem, rules } = buildScenario(parsed.config, accounts, reps, geo);
  return { problem, rules };
}

/**
 * A market over small areas (e.g. ZIP codes): heavy-tailed account counts and revenue per area,
 * `reps` reps living where the accounts are (each at a random account's area), and current owners
 * from a noisy nearest-home rule.
 */
export function areaMarket(
  geo: Geography,
  seed: number,
  reps: number,
): { accounts: AccountInput[]; reps: RepInput[] } {
  const rng = new Rng(seed);
  const gauss = () =>
    Math.sqrt(-2 * Math.log(Math.max(rng.next(), 1e-12))) * Math.cos(2 * Math.PI * rng.next());
  const placed: { id: string; area: string; lat: number; lon: number; revenue: number }[] = [];
  geo.ids.forEach((id, u) => {
    const count = Math.round(Math.exp(gauss() * 1.3));
    const lat = geo.latitude[u] ?? 0;
    const lon = geo.longitude[u] ?? 0;
    for (let i = 0; i < count; i++)
      placed.push({
        id: `${id}-${i}`,
        area: id,
        lat,
        lon,
        revenue: Math.round(Math.exp(gauss() * 1.1) * 1e6),
      });
  });
  const team: RepInput[] = Array.from({ length: reps }, (_, r) => {
    const home = placed[rng.int(placed.length)];
    return {
      id: `rep-${String(r).padStart(3, "0")}`,
      name: null,
      capacity: 0.8 + 0.1 * (r % 4),
      latitude: home?.lat ?? null,
      longitude: home?.lon ?? null,
      skills: [],
    };
  });
  const accounts: AccountInput[] = placed.map((a) => {
    let best = 0;
    if (rng.next() < 0.15) best = rng.int(reps);
    else {
      let bd = Number.POSITIVE_INFINITY;
      const c = Math.cos((a.lat * Math.PI) / 180);
      team.forEach((r, i) => {
        const d = ((r.latitude ?? 0) - a.lat) ** 2 + (((r.longitude ?? 0) - a.lon) * c) ** 2;
        if (d < bd) {
          bd = d;
          best = i;
        }
      });
    }
    return {
      id: a.id,
      owner: team[best]?.id ?? null,
      latitude: a.lat,
      longitude: a.lon,
      tag: null,
      area: a.area,
      values: { revenue: a.revenue },
      openOpportunity: false,
    };
  });
  return { accounts, reps: team };
}

/**
 * The market of `areaMarket` as a ZIP patch scenario: potential (revenue) and account count within
 * +-`tolerance`, connected territories over the geography's adjacency.
 */
export function zipScenario(
  geo: Geography,
  seed: number,
  tolerance: number,
  reps: number,
): { problem: PlanProblem; rules: PlanRule[] } {
  const { accounts, reps: team } = areaMarket(geo, seed, reps);
  const parsed = parseScenarioConfig({
    measures: [
      { name: "potential", column: "revenue", tolerance },
      { name: "accounts", count: true, tolerance },
    ],
    units: "zips",
    contiguity: true,
  });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join("; "));
  const { problem, rules } = buildScenario(parsed.config, accounts, team, geo);
  return { problem, rules };
}
