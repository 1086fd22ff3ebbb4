/**
 * Every issue code is produced by at least one case. Each case below runs real code (a rule, a
 * solver, a command, the store) and returns the issues it produced; the last test checks that the
 * cases cover every code of the groups listed in COVERED, and that no code is claimed twice.
 * Import and CSV codes are covered by the fixture folders in test/fixtures/import (see
 * test/import-fixtures.test.ts); groups owned elsewhere are listed in ELSEWHERE until they add
 * their cases here.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { asPaydirtError } from "../src/cli/exit.js";
import { parseRequest } from "../src/cli/options.js";
import { isPaydirtError } from "../src/core/errors.js";
import { ISSUE_CODE_GROUPS, type Issue, type IssueCode } from "../src/core/issues.js";
import { solveExact } from "../src/core/planning/exact.js";
import { solveHeuristic } from "../src/core/planning/heuristic.js";
import { precheck } from "../src/core/planning/precheck.js";
import { makeProblem } from "../src/core/planning/problem.js";
import { contiguity } from "../src/core/planning/rules/contiguity.js";
import { locked } from "../src/core/planning/rules/locked.js";
import type { PlanRule } from "../src/core/planning/rules/rule.js";
import { requiredSkills } from "../src/core/planning/rules/skills.js";
import { standardRules } from "../src/core/planning/rules/standard.js";
import { tolerance } from "../src/core/planning/rules/tolerance.js";
import { buildScenario } from "../src/core/planning/scenario/build.js";
import {
  parseScenarioConfig,
  parseScenarioConfigText,
} from "../src/core/planning/scenario/config.js";
import type { AccountInput, RepInput } from "../src/core/planning/scenario/inputs.js";
import { validatePlan } from "../src/core/planning/validate.js";
import { checkAborted } from "../src/core/run.js";
import { computeIcp } from "../src/io/analytics/icp.js";
import { parseCtdpInstance } from "../src/io/ctdp.js";
import { loadModel } from "../src/io/frame/model-file.js";
import { readTrainingTable } from "../src/io/frame/read-training.js";
import { readPlanInputs } from "../src/io/plan/read.js";
import { loadScenario, saveScenario } from "../src/io/plan/scenarios.js";
import { highsSolver } from "../src/io/solver/highs.js";
import { Db } from "../src/io/store/db.js";
import { migrate } from "../src/io/store/migrations.js";
import { Store } from "../src/io/store/store.js";
import type { TalResult } from "../src/io/tal/list.js";
import { saveTargetList } from "../src/io/tal/save.js";
import { cliError } from "./run-cli.js";

/** Groups whose every code must be produced by a case in this file. */
const COVERED = [
  "analytics",
  "cli",
  "config",
  "ctdp",
  "model",
  "plan",
  "run",
  "store",
  "tal",
] as const;
/** Groups covered by the import fixture folders (test/fixtures/import). */
const BY_FIXTURES = ["csv", "import"] as const;

const dir = mkdtempSync(join(tmpdir(), "paydirt-codes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The issues of a thrown PaydirtError (or of a returned list). */
async function caught(f: () => unknown): Promise<readonly Issue[]> {
  try {
    const r = await f();
    if (isPaydirtError(r)) return r.issues;
    return Array.isArray(r) ? (r as Issue[]) : [];
  } catch (e) {
    if (isPaydirtError(e)) return e.issues;
    throw e;
  }
}

/** A small file in the scratch folder. */
function csvFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function migratedStore(name: string): Promise<string> {
  const path = join(dir, name);
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  await migrate(new Db(c));
  c.closeSync();
  instance.closeSync();
  return path;
}

/** The issues of `f` run on a freshly migrated, empty store. */
async function withEmptyStore(f: (db: Db) => Promise<unknown>): Promise<readonly Issue[]> {
  const s = await Store.open(
    await migratedStore(`empty-${Math.random().toString(36).slice(2)}.duckdb`),
    "read",
  );
  try {
    return await caught(() => f(s.db));
  } finally {
    s.close();
  }
}

const line4 = { x: [0, 1, 2, 3], y: [0, 0, 0, 0] };
const account = (id: string, values: Record<string, number | null>): AccountInput => ({
  id,
  owner: null,
  latitude: 40,
  longitude: -100,
  tag: null,
  area: null,
  values,
  openOpportunity: false,
});
const rep = (id: string): RepInput => ({
  id,
  name: null,
  capacity: 1,
  latitude: 40,
  longitude: -100,
  skills: [],
});
const config = (body: object) => {
  const r = parseScenarioConfig(body);
  if (!r.ok) throw new Error("bad test config");
  return r.config;
};

type Case = readonly [IssueCode, () => Promise<readonly Issue[]>];

const CASES: readonly Case[] = [
  // cli
  ["unknown_command", () => caught(() => cliError("plan", "frobnicate"))],
  [
    "unknown_option",
    () =>
      caught(() =>
        parseRequest(["--limt", "3"], {
          schema: z.object({}),
          flags: { limit: { type: "number" } },
        }),
      ),
  ],
  [
    "missing_argument",
    () =>
      caught(() =>
        parseRequest([], {
          schema: z.object({ name: z.string() }),
          flags: {},
          positionals: ["name"],
        }),
      ),
  ],
  [
    "unexpected_argument",
    () => caught(() => parseRequest(["x"], { schema: z.object({}), flags: {} })),
  ],
  [
    "invalid_option",
    () =>
      caught(() =>
        parseRequest(["--limit", "x"], {
          schema: z.object({}),
          flags: { limit: { type: "number" } },
        }),
      ),
  ],
  ["failed", async () => asPaydirtError(new Error("disk full")).issues],
  // config
  [
    "config_read",
    () =>
      caught(() =>
        cliError(
          "plan",
          "create",
          "x",
          "--config",
          join(dir, "none.json"),
          "--db",
          join(dir, "none.duckdb"),
        ),
      ),
  ],
  [
    "config_json",
    async () => {
      const r = parseScenarioConfigText("{", "c.json");
      return r.ok ? [] : r.issues;
    },
  ],
  [
    "config_unknown_key",
    async () => {
      const r = parseScenarioConfig({ measures: [{ name: "a", count: true, tolerence: 1 }] });
      return r.ok ? [] : r.issues;
    },
  ],
  [
    "config_invalid",
    async () => {
      const r = parseScenarioConfig({ measures: [] });
      return r.ok ? [] : r.issues;
    },
  ],
  // run
  [
    "aborted",
    () =>
      caught(() => {
        const c = new AbortController();
        c.abort();
        checkAborted({ signal: c.signal });
      }),
  ],
  // store
  ["store_missing", () => caught(() => Store.open(join(dir, "missing.duckdb"), "read"))],
  [
    "store_busy",
    async () => {
      const path = await migratedStore("busy.duckdb");
      const r = await Store.open(path, "read");
      try {
        return await caught(() => Store.open(path, "write"));
      } finally {
        r.close();
      }
    },
  ],
  [
    "store_version",
    async () => {
      const path = join(dir, "plain.duckdb");
      const i = await DuckDBInstance.create(path);
      i.closeSync();
      return caught(() => Store.open(path, "read"));
    },
  ],
  [
    "scenario_not_found",
    async () => {
      const s = await Store.open(await migratedStore("nf.duckdb"), "read");
      try {
        return await caught(() => loadScenario(s.db, "nope"));
      } finally {
        s.close();
      }
    },
  ],
  [
    "scenario_exists",
    async () => {
      const s = await Store.open(await migratedStore("exists.duckdb"), "write");
      const rec = {
        name: "a",
        config: {},
        solver: "x",
        status: "feasible",
        seconds: 0,
        summary: { measureNames: [], repIds: [] },
        issues: [],
        notes: [],
        rows: [],
      };
      try {
        await saveScenario(s.db, rec, false);
        return await caught(() => saveScenario(s.db, rec, false));
      } finally {
        s.close();
      }
    },
  ],
  // ctdp
  ["ctdp_format", () => caught(() => parseCtdpInstance("4\n0 x", "bad.in"))],
  // model
  [
    "model_target",
    () => caught(() => readTrainingTable(csvFile("target.csv", "a,y\n1,1\n2,0\n"), "nope", "1")),
  ],
  [
    "model_labels",
    () => caught(() => readTrainingTable(csvFile("labels.csv", "a,y\n1,1\n2,0\n"), "y", "7")),
  ],
  ["model_file", () => caught(() => loadModel(csvFile("junk.json", "{ not json")))],
  // analytics
  [
    "unknown_dimension",
    () =>
      withEmptyStore((db) =>
        computeIcp(db, { dimensions: ["no_such_dimension"], windowMonths: 24 }),
      ),
  ],
  [
    "no_dated_data",
    () => withEmptyStore((db) => computeIcp(db, { dimensions: [], windowMonths: 24 })),
  ],
  [
    "no_accounts_stored",
    () =>
      withEmptyStore((db) =>
        computeIcp(db, { asOf: "2024-01-01", dimensions: [], windowMonths: 24 }),
      ),
  ],
  // tal
  [
    "empty_list",
    async () => {
      const s = await Store.open(await migratedStore("tal.duckdb"), "write");
      try {
        return await caught(() =>
          saveTargetList(s.db, { asOf: "2026-01-01", rows: [] } as unknown as TalResult),
        );
      } finally {
        s.close();
      }
    },
  ],
  // plan: rule checks and prechecks
  [
    "tolerance_exceeded",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        capacity: [1, 1],
      });
      return validatePlan(p, [tolerance(p, 0, 0.1)], Int32Array.from([0, 0, 0, 1])).issues;
    },
  ],
  [
    "unit_too_big",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [10, 1, 1, 1],
        ...line4,
        capacity: [1, 1],
      });
      return precheck(p, [tolerance(p, 0, 0.1)]);
    },
  ],
  [
    "locked_over_limit",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [4, 4, 1, 1],
        ...line4,
        capacity: [1, 1],
      });
      return precheck(p, [tolerance(p, 0, 0.1), locked(p, Int32Array.from([0, 0, -1, -1]))]);
    },
  ],
  [
    "lock_broken",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        capacity: [1, 1],
      });
      return validatePlan(
        p,
        [locked(p, Int32Array.from([1, -1, -1, -1]))],
        Int32Array.from([0, 0, 1, 1]),
      ).issues;
    },
  ],
  [
    "lock_conflict",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        capacity: [1, 1],
      });
      return precheck(p, [
        locked(p, Int32Array.from([0, -1, -1, -1])),
        locked(p, Int32Array.from([1, -1, -1, -1]), "open opportunity"),
      ]);
    },
  ],
  [
    "lock_unknown_rep",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        capacity: [1, 1],
      });
      return precheck(p, [locked(p, Int32Array.from([5, -1, -1, -1]))]);
    },
  ],
  [
    "skill_missing",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        tag: [0, -1, -1, -1],
        tagNames: ["hc"],
        capacity: [1, 1],
        skills: [[], []],
      });
      return precheck(p, [requiredSkills(p, ["hc"])]);
    },
  ],
  [
    "locked_without_skill",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        tag: [0, -1, -1, -1],
        tagNames: ["hc"],
        capacity: [1, 1],
        skills: [[], [0]],
      });
      return precheck(p, [requiredSkills(p, ["hc"]), locked(p, Int32Array.from([0, -1, -1, -1]))]);
    },
  ],
  [
    "skill_violated",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        tag: [0, -1, -1, -1],
        tagNames: ["hc"],
        capacity: [1, 1],
        skills: [[], [0]],
      });
      return validatePlan(p, [requiredSkills(p, ["hc"])], Int32Array.from([0, 0, 1, 1])).issues;
    },
  ],
  [
    "territory_split",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        capacity: [1, 1],
        edges: [0, 1, 1, 2, 2, 3],
      });
      return validatePlan(p, [contiguity(p)], Int32Array.from([0, 1, 0, 1])).issues;
    },
  ],
  [
    "no_adjacency",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        capacity: [1, 1],
      });
      return precheck(p, [contiguity(p)]);
    },
  ],
  [
    "more_violations",
    async () => {
      const n = 12;
      const p = makeProblem({
        measureNames: ["m"],
        measures: new Array(n).fill(1),
        x: new Array(n).fill(0),
        y: new Array(n).fill(0),
        capacity: [1],
      });
      return validatePlan(p, [], new Int32Array(n).fill(-1)).issues;
    },
  ],
  [
    "unit_unassigned",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        capacity: [1, 1],
      });
      return validatePlan(p, [], Int32Array.from([0, -1, 1, 1])).issues;
    },
  ],
  [
    "no_eligible_rep",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        capacity: [1, 1],
      });
      const nobody: PlanRule = {
        name: "nobody for #0",
        kind: "constraint",
        weight: 0,
        allows: (u) => u !== 0,
        check: () => ({ value: 0, violations: [] }),
      };
      return solveHeuristic(p, [...standardRules(p, 0.5), nobody], { timeLimit: 1 }).issues;
    },
  ],
  [
    "constraints_conflict",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1],
        x: [0, 1, 2],
        y: [0, 0, 0],
        capacity: [1, 1],
      });
      return (await solveExact(p, [tolerance(p, 0, 0.05)], highsSolver, { timeLimit: 5 })).issues;
    },
  ],
  [
    "solver_failed",
    async () => {
      const p = makeProblem({
        measureNames: ["m"],
        measures: [1, 1, 1, 1],
        ...line4,
        capacity: [1, 1],
      });
      const broken = async () => ({
        status: "error" as const,
        message: "out of memory",
        seconds: 0,
      });
      return (await solveExact(p, standardRules(p, 0.5), broken, { timeLimit: 1 })).issues;
    },
  ],
  // plan: building a scenario
  [
    "no_reps",
    () =>
      caught(() =>
        buildScenario(config({ measures: [{ name: "a", count: true }] }), [account("A1", {})], []),
      ),
  ],
  [
    "no_accounts",
    () =>
      caught(() =>
        buildScenario(config({ measures: [{ name: "a", count: true }] }), [], [rep("R1")]),
      ),
  ],
  [
    "measure_empty",
    () =>
      caught(() =>
        buildScenario(
          config({ measures: [{ name: "a", column: "rev" }] }),
          [account("A1", { rev: null })],
          [rep("R1")],
        ),
      ),
  ],
  [
    "measure_domain",
    () =>
      caught(() =>
        buildScenario(
          config({ measures: [{ name: "a", column: "rev", transform: "sqrt" }] }),
          [account("A1", { rev: 4 }), account("A2", { rev: -1 })],
          [rep("R1")],
        ),
      ),
  ],
  [
    "lock_unknown_account",
    () =>
      caught(() =>
        buildScenario(
          config({ measures: [{ name: "a", count: true }], locked: { A9: "R1" } }),
          [account("A1", {})],
          [rep("R1")],
        ),
      ),
  ],
  [
    "area_unknown",
    () =>
      caught(() =>
        buildScenario(
          config({ measures: [{ name: "a", count: true }], units: "zips" }),
          [{ ...account("A1", {}), area: "00000" }],
          [rep("R1")],
          {
            ids: ["80302", "80303"],
            latitude: [40, 40],
            longitude: [-105, -105.1],
            edges: [[0, 1]],
          },
        ),
      ),
  ],
  [
    "measure_column",
    async () => {
      const s = await Store.open(await migratedStore("cols.duckdb"), "read");
      try {
        return await caught(() =>
          readPlanInputs(s.db, config({ measures: [{ name: "a", column: "no_such_column" }] })),
        );
      } finally {
        s.close();
      }
    },
  ],
];

describe("issue codes", () => {
  it.each(CASES.map(([code, run]) => [code, run] as const))("%s is produced", async (code, run) => {
    const issues = await run();
    expect(issues.map((i) => i.code)).toContain(code);
  });

  it("every code of the covered groups has a case, and the fixtures cover the import codes", () => {
    const claimed = CASES.map(([c]) => c);
    expect(new Set(claimed).size).toBe(claimed.length);
    const wanted = COVERED.flatMap((g) => [...ISSUE_CODE_GROUPS[g]]);
    expect(wanted.filter((c) => !claimed.includes(c))).toEqual([]);
    const fixtures = join(import.meta.dirname, "fixtures", "import");
    const seen = new Set<string>();
    for (const name of readdirSync(fixtures)) {
      // A folder still without expected.json is a case being written: the fixture runner makes it.
      if (!existsSync(join(fixtures, name, "expected.json"))) continue;
      const expected = JSON.parse(readFileSync(join(fixtures, name, "expected.json"), "utf8")) as {
        issues: { code: string }[];
      };
      for (const i of expected.issues) seen.add(i.code);
    }
    const fixtureCodes = BY_FIXTURES.flatMap((g) => [...ISSUE_CODE_GROUPS[g]]);
    const missing = fixtureCodes.filter((c) => !seen.has(c));
    expect(missing).toEqual([]);
  });
});
