import { readFileSync } from "node:fs";
import { z } from "zod";
import { PaydirtError } from "../../core/errors.js";
import { formatIssue } from "../../core/issues.js";
import { parseScenarioConfigText } from "../../core/planning/scenario/config.js";
import {
  PlanCompareRequest,
  PlanCreateRequest,
  PlanShowRequest,
  scenarioName,
} from "../../core/requests/plan.js";
import { createScenario } from "../../io/plan/create.js";
import {
  writeAreaOwnersCsv,
  writeOwnershipCsv,
  writePlanGeoJson,
  writePlanSvg,
} from "../../io/plan/export.js";

import {
  listScenarios,
  loadScenario,
  type ScenarioRow,
  scenarioView,
} from "../../io/plan/scenarios.js";
import { DEFAULT_STORE, openStore } from "../../io/store/open.js";
import { type Command, UsageError } from "../command.js";
import { formatTable, num, pct, ratioBars } from "../format.js";
import { parseRequest, STORE_FLAG, withStore } from "../options.js";
import { startStatus } from "../progress.js";

const usage = `usage:
  paydirt plan create NAME --config FILE [--db PATH] [--replace]
  paydirt plan list [--db PATH]
  paydirt plan show NAME [--db PATH]
  paydirt plan compare A B [--db PATH] [--limit N]
  paydirt plan export NAME [--csv FILE] [--geojson FILE] [--svg FILE] [--areas FILE] [--db PATH]

Creates a named territory plan (scenario) from a JSON config: measures (an account column or a
count, each with an optional +-tolerance around each rep's target), weights of balance,
compactness and disruption, locks (explicit; accounts with an open opportunity stay with their
owner), required skills. Small problems are solved exactly (MILP, HiGHS), large ones by the
Lagrangian + local search heuristic; both report a proven lower bound and the gap. The plan is
checked independently, stored in the store with its inputs, and exports as CSV (account -> new
owner; with --areas, ZIP or county -> owner for every area of a "units": "zips" or "counties"
plan) or GeoJSON. An impossible request is explained, not planned. An "org" section adds regions,
named accounts and overlay specialists by product line (see the README).

config example:
  { "measures": [
      { "name": "potential", "column": "annual_revenue", "tolerance": 0.05 },
      { "name": "workload", "column": "employees", "transform": "sqrt", "tolerance": 0.1 },
      { "name": "accounts", "count": true, "tolerance": 0.1 } ],
    "weights": { "balance": 1, "compactness": 1, "disruption": 1 },
    "requiredSkills": ["Healthcare"], "roles": ["AE"], "timeLimit": 60 }`;

/** Flags of each subcommand and the request they fill (src/core/requests/plan.ts). */
const CREATE = {
  schema: withStore(PlanCreateRequest.omit({ config: true }), DEFAULT_STORE).extend({
    configFile: z.string().min(1),
  }),
  flags: {
    ...STORE_FLAG,
    config: { type: "string", key: "configFile" },
    replace: { type: "boolean" },
  },
  positionals: ["name"],
} as const;
const LIST = { schema: withStore(z.strictObject({}), DEFAULT_STORE), flags: STORE_FLAG } as const;
const SHOW = {
  schema: withStore(PlanShowRequest, DEFAULT_STORE),
  flags: STORE_FLAG,
  positionals: ["name"],
} as const;
const COMPARE = {
  schema: withStore(PlanCompareRequest, DEFAULT_STORE),
  flags: { ...STORE_FLAG, limit: { type: "number" } },
  positionals: ["a", "b"],
} as const;
const EXPORT = {
  schema: withStore(z.strictObject({ name: scenarioName }), DEFAULT_STORE).extend({
    csv: z.string().min(1).optional(),
    geojson: z.string().min(1).optional(),
    svg: z.string().min(1).optional(),
    areas: z.string().min(1).optional(),
  }),
  flags: {
    ...STORE_FLAG,
    csv: { type: "string" },
    geojson: { type: "string" },
    svg: { type: "string" },
    areas: { type: "string" },
  },
  positionals: ["name"],
} as const;

function summaryLines(head: ScenarioRow): Record<string, string> {
  const summary = scenarioView(head).summary;
  const r = summary.report;
  const lines: Record<string, string> = {
    status: head.status,
    solver: head.solver,
    objective: head.objective === null ? "-" : head.objective.toFixed(4),
    "lower bound": head.bound === null ? "-" : head.bound.toFixed(4),
    gap: pct(head.gap),
    seconds: head.seconds.toFixed(1),
  };
  if (r) {
    for (const m of r.measures) {
      lines[`${m.measure}: worst deviation`] = pct(m.worstDeviation);
      lines[`${m.measure}: CV across reps`] = pct(m.cv);
      lines[`${m.measure}: min / max`] = `${num(m.min)} / ${num(m.max)}`;
    }
    lines["accounts changing owner"] = pct(r.movedUnits);
    r.movedShare.forEach((s, k) => {
      lines[`${summary.measureNames[k]} changing owner`] = pct(s);
    });
    const anchor = r.anchoredAt === "centre" ? "planned centre" : "rep home";
    lines[`mean km to ${anchor}`] = num(r.meanDistance, 1);
    lines["mean km to territory centroid"] = num(r.meanCentroidDistance ?? Number.NaN, 1);
    lines["skill fit"] = pct(r.skillFit);
    for (const t of r.terms)
      if (t.weight > 0) lines[`objective: ${t.name}`] = `${t.value.toFixed(4)} x ${t.weight}`;
  }
  for (const o of summary.overlays ?? []) {
    lines[`overlay ${o.product}`] =
      `${o.specialists.length} specialists over ${o.aes.length} AE patches (${o.status})`;
    lines[`overlay ${o.product}: worst deviation`] = o.worstDeviation
      .map((d, k) => `${pct(d)} ${o.measureNames[k] ?? ""}`)
      .join(" / ");
  }
  const c = summary.coverage;
  if (c) {
    lines.coverage = `${c.ok ? "complete" : "broken"}: ${num(c.covered)} of ${num(c.required)} pairs, ${num(c.gaps)} gaps, ${num(c.overlaps)} overlaps`;
    lines["coverage: roles per account"] = c.roles.join(", ");
  }
  return lines;
}

/** Per overlay: each specialist's AE patches and loads against its target. */
function overlayTables(head: ScenarioRow): string {
  const { overlays } = scenarioView(head).summary;
  return (overlays ?? [])
    .map((o) => {
      const m = o.measureNames.length;
      const rows = o.specialists.map((id, s) => ({
        [`${o.product} specialist`]: id,
        AEs: o.aes.filter((_, i) => o.specialistOf[i] === s).join(" ") || "-",
        ...Object.fromEntries(
          o.measureNames.map((name, k) => [
            `${name} of target`,
            pct((o.loads[s * m + k] ?? 0) / (o.targets[s * m + k] || Number.NaN)),
          ]),
        ),
      }));
      return formatTable(rows);
    })
    .join("\n\n");
}

function sideBySide(
  a: Record<string, string>,
  b: Record<string, string>,
  na: string,
  nb: string,
): string {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return formatTable(keys.map((k) => ({ metric: k, [na]: a[k] ?? "-", [nb]: b[k] ?? "-" })));
}

/** Per measure, each rep's load as a bar against its target (the picture of balance). */
function balanceChart(head: ScenarioRow): string {
  const summary = scenarioView(head).summary;
  const r = summary.report;
  if (!r) return "";
  return summary.measureNames
    .map((m, k) => {
      const rows = r.books.map((b) => ({
        label: summary.repIds[b.rep] ?? String(b.rep),
        value: b.ofTarget[k] ?? Number.NaN,
      }));
      return `${m}: load / target per rep (| target)\n${ratioBars(rows)}`;
    })
    .join("\n\n");
}

function books(head: ScenarioRow): string {
  const summary = scenarioView(head).summary;
  const r = summary.report;
  if (!r) return "";
  return formatTable(
    r.books.map((b) => ({
      rep: summary.repIds[b.rep] ?? String(b.rep),
      accounts: num(b.units),
      ...Object.fromEntries(
        summary.measureNames.map((m, k) => [`${m} of target`, pct(b.ofTarget[k])]),
      ),
      gained: num(b.gained),
      lost: num(b.lost),
      "mean km": num(b.meanDistance, 1),
    })),
  );
}

async function create(argv: readonly string[]): Promise<number> {
  const v = parseRequest(argv, CREATE);
  const name = v.name;
  let text: string;
  try {
    text = readFileSync(v.configFile, "utf8");
  } catch (cause) {
    throw PaydirtError.of(
      "not_found",
      "config_read",
      `cannot read ${v.configFile}: ${(cause as Error).message}`,
      { path: { file: v.configFile }, cause },
    );
  }
  const parsed = parseScenarioConfigText(text, v.configFile);
  if (!parsed.ok) throw new PaydirtError("invalid", parsed.issues);
  // The request as the HTTP API would take it (name, parsed config, replace).
  PlanCreateRequest.parse({ name, config: parsed.config, replace: v.replace });
  const store = await openStore(v.db, "write");
  const status = startStatus();
  try {
    const created = await createScenario(
      store.db,
      name,
      parsed.config,
      {
        replace: v.replace === true,
      },
      {
        onProgress: (e) => status.update(`planning ${name}: ${e.phase}: ${e.message ?? ""}`),
      },
    );
    status.stop();
    for (const n of created.notes) console.log(`note: ${n}`);
    if (!created.record) {
      console.log(`scenario ${name} cannot be planned (${created.result.status}):`);
      for (const i of created.result.issues) console.log(`  - ${formatIssue(i)}`);
      return 1;
    }
    const { head } = await loadScenario(store.db, name);
    console.log(`scenario ${name} stored in ${v.db}\n`);
    console.log(
      formatTable(Object.entries(summaryLines(head)).map(([metric, value]) => ({ metric, value }))),
    );
    if (created.result.status === "invalid") {
      console.log(
        "\nthe best plan found breaks these constraints (stored for inspection; widen the named tolerance, or try the exact solver on a smaller problem to prove infeasibility):",
      );
    }
    for (const i of created.result.issues) console.log(`  ! ${formatIssue(i)}`);
    return created.result.status === "invalid" ? 1 : 0;
  } finally {
    status.stop();
    store.close();
  }
}

async function compare(argv: readonly string[]): Promise<number> {
  const v = parseRequest(argv, COMPARE);
  const { a, b, limit } = v;
  const store = await openStore(v.db, "read");
  try {
    const A = await loadScenario(store.db, a);
    const B = await loadScenario(store.db, b);
    console.log(sideBySide(summaryLines(A.head), summaryLines(B.head), a, b));
    const byId = new Map(B.rows.map((r) => [r.account_id, r]));
    const diff = A.rows.filter((r) => byId.get(r.account_id)?.new_owner !== r.new_owner);
    console.log(
      `\n${num(diff.length)} of ${num(A.rows.length)} accounts have different owners in ${a} and ${b}`,
    );
    if (diff.length) {
      console.log(
        formatTable(
          diff.slice(0, limit).map((r) => {
            const o = byId.get(r.account_id);
            return {
              account: r.account_id,
              "old owner": r.old_owner ?? "-",
              [`owner in ${a}`]: r.new_owner ?? "-",
              [`owner in ${b}`]: o?.new_owner ?? "-",
              [`why (${a})`]: r.reason ?? (r.locked ? `kept: ${r.locked}` : "stays"),
              [`why (${b})`]: o?.reason ?? (o?.locked ? `kept: ${o.locked}` : "stays"),
            };
          }),
        ),
      );
      if (diff.length > limit) console.log(`(${diff.length - limit} more; --limit N shows more)`);
    }
    return 0;
  } finally {
    store.close();
  }
}

export const command: Command = {
  name: "plan",
  summary: "design territories: create, compare and export named plan scenarios",
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === "create") return create(rest);
    if (sub === "compare") return compare(rest);
    if (sub === "list" || sub === "show" || sub === "export") {
      const exp = sub === "export" ? parseRequest(rest, EXPORT) : undefined;
      const v =
        exp ??
        (sub === "list" ? { ...parseRequest(rest, LIST), name: "" } : parseRequest(rest, SHOW));
      const out: {
        csv?: string | undefined;
        geojson?: string | undefined;
        svg?: string | undefined;
        areas?: string | undefined;
      } = exp ?? {};
      if (exp && !out.csv && !out.geojson && !out.svg && !out.areas)
        throw new UsageError(
          "plan export needs --csv FILE, --geojson FILE, --svg FILE and/or --areas FILE",
          "missing_argument",
        );
      const store = await openStore(v.db, "read");
      try {
        if (sub === "list") {
          const rows = await listScenarios(store.db);
          console.log(
            rows.length
              ? formatTable(
                  rows.map((r) => ({
                    scenario: r.name,
                    created: r.created_at,
                    solver: r.solver,
                    status: r.status,
                    objective: r.objective?.toFixed(4) ?? "-",
                    gap: pct(r.gap),
                  })),
                )
              : "no scenarios yet: paydirt plan create NAME --config FILE",
          );
          return 0;
        }
        const s = await loadScenario(store.db, v.name);
        if (sub === "show") {
          console.log(
            formatTable(
              Object.entries(summaryLines(s.head)).map(([metric, value]) => ({ metric, value })),
            ),
          );
          console.log(`\n${books(s.head)}`);
          const overlays = overlayTables(s.head);
          if (overlays) console.log(`\n${overlays}`);
          console.log(`\n${balanceChart(s.head)}`);
          return 0;
        }
        if (out.areas) {
          const { summary } = scenarioView(s.head);
          if (!summary.areas)
            throw new UsageError(
              `scenario ${s.head.name} plans accounts, not areas: --areas needs a plan with "units": "zips" or "counties"`,
              "invalid_option",
              { ids: { option: "areas", scenario: s.head.name } },
            );
          console.log(
            `${num(writeAreaOwnersCsv(out.areas, summary.areas, summary.repIds))} ${summary.areas.units === "zips" ? "ZIPs" : "counties"} written to ${out.areas}`,
          );
        }
        if (out.csv)
          console.log(`${num(writeOwnershipCsv(out.csv, s.rows))} accounts written to ${out.csv}`);
        if (out.geojson)
          console.log(
            `${num(writePlanGeoJson(out.geojson, s.rows))} located accounts written to ${out.geojson}`,
          );
        if (out.svg)
          console.log(
            `map of ${num(writePlanSvg(out.svg, s.head.name, s.rows))} located accounts written to ${out.svg}`,
          );
        return 0;
      } finally {
        store.close();
      }
    }
    throw new UsageError(
      sub
        ? `unknown plan subcommand '${sub}': expected create, list, show, compare or export`
        : "expected create, list, show, compare or export",
      sub ? "unknown_command" : "missing_argument",
    );
  },
};
