import { type Issue, issue } from "../../issues.js";
import { repId, unitId, unitIds } from "../ids.js";
import type { PlanProblem } from "../problem.js";
import type { PlanRule } from "./rule.js";

/** Required skills: units tagged with one of `tags` (tag names) only go to reps with that skill. */
export function requiredSkills(p: PlanProblem, tags: readonly string[]): PlanRule {
  const nt = p.tagNames.length;
  const required = new Uint8Array(nt);
  for (const t of tags) {
    const i = p.tagNames.indexOf(t);
    if (i >= 0) required[i] = 1;
  }
  const needs = (u: number) => {
    const t = p.tag[u] ?? -1;
    return t >= 0 && required[t] === 1 ? t : -1;
  };
  const allows = (u: number, r: number) => {
    const t = needs(u);
    return t < 0 || p.skills[r * nt + t] === 1;
  };
  const ruleName = `required skills (${tags.join(", ")})`;
  return {
    name: ruleName,
    kind: "constraint",
    weight: 0,
    allows,
    precheck(ctx) {
      const out: Issue[] = [];
      const units = new Float64Array(nt);
      for (let u = 0; u < p.n; u++) {
        const t = needs(u);
        if (t >= 0) units[t] = (units[t] ?? 0) + 1;
      }
      for (let t = 0; t < nt; t++) {
        if (!(units[t] ?? 0)) continue;
        let reps = 0;
        for (let r = 0; r < p.p; r++) reps += p.skills[r * nt + t] ?? 0;
        if (reps === 0) {
          out.push(
            issue(
              "skill_missing",
              `${units[t]} unit(s) tagged ${p.tagNames[t]} need a rep with skill ${p.tagNames[t]}, and no rep has it`,
              { ids: { rule: ruleName, skill: p.tagNames[t] }, data: { units: units[t] } },
            ),
          );
        }
      }
      for (let u = 0; u < p.n; u++) {
        const f = ctx.forced[u] ?? -1;
        if (f >= 0 && !allows(u, f)) {
          out.push(
            issue(
              "locked_without_skill",
              `${unitId(p, u)} is locked to rep ${repId(p, f)}, who lacks the required skill ${p.tagNames[needs(u)]}`,
              {
                ids: {
                  rule: ruleName,
                  ...unitIds(p, u),
                  rep_id: repId(p, f),
                  skill: p.tagNames[needs(u)],
                },
              },
            ),
          );
        }
      }
      return out;
    },
    check(assign) {
      const violations: Issue[] = [];
      for (let u = 0; u < p.n; u++) {
        const r = assign[u] ?? -1;
        if (r >= 0 && !allows(u, r))
          violations.push(
            issue(
              "skill_violated",
              `${unitId(p, u)} (${p.tagNames[needs(u)]}) goes to rep ${repId(p, r)} without that skill`,
              {
                ids: {
                  rule: ruleName,
                  ...unitIds(p, u),
                  rep_id: repId(p, r),
                  skill: p.tagNames[needs(u)],
                },
              },
            ),
          );
      }
      return { value: 0, violations };
    },
  };
}
