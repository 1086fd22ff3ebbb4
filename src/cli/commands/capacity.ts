import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { PaydirtError, unwrap } from "../../core/errors.js";
import { CapacityScenario, parseCapacityScenario, planCapacity } from "../../core/org/capacity.js";
import { day } from "../../core/requests/common.js";
import { readCapacityInputs } from "../../io/org/capacity.js";
import { DEFAULT_STORE, openStoreForReading } from "../../io/store/open.js";
import type { Command } from "../command.js";
import { formatTable, money, num, pct } from "../format.js";
import { type Flag, parseRequest, STORE_FLAG, withStore } from "../options.js";

const usage = `usage: paydirt capacity [--db PATH] [--scenario FILE] [--as-of DATE] [--json FILE]

How many AEs and BDRs each region and segment (size band) needs to cover the chosen tiers of
the target account list (\`paydirt tal --save\`), and what one more or one fewer AE changes.

  needed    = accounts / (accounts one rep covers, per tier and segment) / productivity
  productivity = 1 - attrition x ramp_months / 24   (a leaver's seat ramps again)
AEs work a region's accounts in order of expected bookings (target list value) per unit of
their time; "add one" is the value the next AE would cover, "remove one" what the last covers.

The scenario (JSON, every key optional):
  { "tiers": ["A","B"],
    "coverage": [ {"tier":"A","segment":"*","ae_accounts":40,"bdr_accounts":80}, ... ],
    "ramp_months": 6, "attrition": 0.15,
    "aes": {"West": 12},          current AEs per region (default: the store's active AEs)
    "change": {"West": 2, "South": -1} }   AEs to add or remove per region

options:
  --db PATH        store (default ./${DEFAULT_STORE})
  --scenario FILE  the JSON above (default: every default)
  --as-of DATE     use the target list saved on or before DATE (default: the latest)
  --json FILE      write {productivity, segments, regions} as JSON`;

const FLAGS = {
  schema: withStore(
    z.strictObject({
      scenario: z.string().min(1).optional(),
      asOf: day.optional(),
      json: z.string().min(1).optional(),
    }),
    DEFAULT_STORE,
  ),
  flags: {
    ...STORE_FLAG,
    scenario: { type: "string" },
    "as-of": { type: "string" },
    json: { type: "string" },
  } satisfies Record<string, Flag>,
};

export const command: Command = {
  name: "capacity",
  summary: "AEs and BDRs needed per region and segment to cover the target list; hire or cut one",
  usage,
  async run(argv) {
    const req = parseRequest(argv, FLAGS);
    let scenario = CapacityScenario.parse({});
    if (req.scenario) {
      let text: string;
      try {
        text = readFileSync(req.scenario, "utf8");
      } catch (cause) {
        throw PaydirtError.of(
          "not_found",
          "config_read",
          `cannot read ${req.scenario}: ${(cause as Error).message}`,
          {
            path: { file: req.scenario },
            cause,
          },
        );
      }
      scenario = unwrap(parseCapacityScenario(text, req.scenario));
    }
    const store = await openStoreForReading(req.db);
    try {
      const inputs = await readCapacityInputs(store.db, req.asOf);
      const plan = unwrap(planCapacity(inputs.accounts, scenario, inputs.aes));
      for (const i of plan.issues) console.error(`warning: ${i.message}`);
      console.log(
        `target list of ${inputs.talAsOf}; tiers ${scenario.tiers.join(", ")}; ramp ${scenario.ramp_months} months, attrition ${pct(scenario.attrition, 0)} a year: a seat gives ${pct(plan.productivity)} of a full rep`,
      );
      console.log("");
      console.log(
        formatTable(
          plan.regions.map((r) => ({
            region: r.region,
            accounts: num(r.accounts),
            "expected bookings": money(r.expected_bookings),
            "AEs needed": r.aes_needed,
            "BDRs needed": r.bdrs_needed,
            AEs: r.aes,
            gap: r.gap,
            covered: money(r.covered_bookings),
            "per AE": money(r.bookings_per_ae),
            "+1 AE": money(r.add_one),
            "-1 AE": money(-r.remove_one),
            ...(Object.keys(scenario.change).length
              ? { "AEs after": r.aes_after, "covered after": money(r.covered_after) }
              : {}),
          })),
        ),
      );
      console.log("");
      console.log(
        formatTable(
          plan.segments.map((g) => ({
            region: g.region,
            segment: g.segment,
            accounts: num(g.accounts),
            "expected bookings": money(g.expected_bookings),
            "AE load": num(g.ae_load, 1),
            "AEs needed": g.aes_needed,
            "BDRs needed": g.bdrs_needed,
          })),
        ),
      );
      if (req.json) writeFileSync(req.json, `${JSON.stringify(plan, null, 2)}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
