import { z } from "zod";
import { DEFAULT_STORE, openStoreForReading } from "../../io/store/open.js";
import { type RollupRow, type StoreSummary, summarise } from "../../io/store/summary.js";
import type { Command } from "../command.js";
import { formatTable, money, num, pct } from "../format.js";
import { parseRequest, STORE_FLAG, withStore } from "../options.js";

function rollupTable(title: string, rows: readonly RollupRow[], limit = 12): string {
  const shown = rows.slice(0, limit).map((r) => ({
    [title]: r.group,
    accounts: num(r.accounts),
    customers: num(r.customers),
    ARR: money(r.arr),
    "won 12m": money(r.won_12m),
    "open pipeline": money(r.pipeline),
    "win rate": pct(r.win_rate),
  }));
  const more = rows.length > limit ? `\n(${rows.length - limit} more)` : "";
  return `${formatTable(shown)}${more}`;
}

/** The readable summary of a store printed by `paydirt status` and the demo. */
export function renderSummary(s: StoreSummary, path: string): string {
  const o = s.opportunities;
  const closed = o.won + o.lost;
  return [
    `store ${path}; last import ${s.lastImport ?? "never"}; latest close date in the data ${s.referenceDate ?? "-"}`,
    "",
    formatTable(s.counts.map((c) => ({ entity: c.entity, rows: num(c.rows) }))),
    "",
    `opportunities: ${num(o.open)} open (${money(o.pipeline)} pipeline), ${num(o.won)} won (${money(o.wonAmount)}), ${num(o.lost)} lost; win rate ${pct(closed ? o.won / closed : null)}`,
    "",
    rollupTable("size band", s.bySize),
    "",
    rollupTable("region", s.byRegion),
    "",
    rollupTable("industry", s.byIndustry),
  ].join("\n");
}

export const command: Command = {
  name: "status",
  summary: "summarise the store: counts, pipeline, revenue by segment and region",
  usage: `usage: paydirt status [--db PATH]   (default ./${DEFAULT_STORE})`,
  async run(argv) {
    const values = parseRequest(argv, {
      schema: withStore(z.strictObject({}), DEFAULT_STORE),
      flags: STORE_FLAG,
    });
    const store = await openStoreForReading(values.db);
    try {
      console.log(renderSummary(await summarise(store.db), values.db));
    } finally {
      store.close();
    }
    return 0;
  },
};
