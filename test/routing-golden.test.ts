/**
 * Golden routing decisions: test/golden/routing/cases.json routed in order (round-robin turns and
 * caps carry over from case to case) must give test/golden/routing/decisions.json exactly.
 * Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run test/routing-golden.test.ts`
 * and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildRules,
  decide,
  parseRoutingConfig,
  type RepStatus,
  type RouteLead,
} from "../src/core/routing/rules/index.js";
import type { AccountStanding } from "../src/core/routing/standing.js";

const dir = join(import.meta.dirname, "golden/routing");

interface Case {
  readonly name: string;
  readonly now: string;
  readonly lead: RouteLead;
  readonly match: { accountId: string | null; confidence: number };
  readonly standing: AccountStanding | null;
}

describe("routing decisions (golden)", () => {
  it("match the reviewed decisions", () => {
    const input = JSON.parse(readFileSync(join(dir, "cases.json"), "utf8")) as {
      config: unknown;
      reps: RepStatus[];
      cases: Case[];
    };
    const reps = new Map(input.reps.map((r) => [r.id, r]));
    const parsed = parseRoutingConfig(input.config, new Set(reps.keys()));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const rules = buildRules(parsed.value);
    const turns = new Map<string, Map<string, number>>();
    const load = new Map<string, { today: number; week: number }>();
    const out = input.cases.map((c) => {
      const d = decide(
        c.lead,
        { now: c.now, match: c.match, account: null, standing: c.standing, reps, load, turns },
        rules,
        parsed.value.version,
      );
      if (d.turn) {
        const t = turns.get(d.turn.pool) ?? new Map<string, number>();
        t.set(d.turn.repId, (t.get(d.turn.repId) ?? 0) + 1);
        turns.set(d.turn.pool, t);
      }
      if (d.ownerId) {
        const l = load.get(d.ownerId) ?? { today: 0, week: 0 };
        load.set(d.ownerId, { today: l.today + 1, week: l.week + 1 });
      }
      return { case: c.name, decision: d };
    });
    const file = join(dir, "decisions.json");
    const text = `${JSON.stringify(out, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, "utf8"));
  });
});
