import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filesInFolder } from "../src/cli/commands/import.js";
import { dealAt } from "../src/core/forecast/asof.js";
import { monthStarts } from "../src/core/forecast/backtest.js";
import { forecast } from "../src/core/forecast/forecast.js";
import { winBy } from "../src/core/forecast/model.js";
import { isoDay, quarterOf } from "../src/core/forecast/types.js";
import { loadForecastInput } from "../src/io/forecast/load.js";
import { latestDay } from "../src/io/forecast/run.js";
import { importData } from "../src/io/import/run.js";
import { Store } from "../src/io/store/store.js";
import { generateMarket } from "../src/synth/market.js";

const seed = Number(process.argv[2] ?? 3);
const opts = JSON.parse(process.argv[3] ?? "{}");
const dir = mkdtempSync(join(tmpdir(), "fcdiag-"));
const market = join(dir, "m");
generateMarket({ accounts: 20000, reps: 40, seed, asOf: "2026-06-30" }, market);
const path = join(dir, "s.duckdb");
const r = await importData(filesInFolder(market), { storePath: path });
if (!r.ok) throw new Error("import");
const s = await Store.open(path, "read");
const input = await loadForecastInput(s.db);
const end = (await latestDay(s.db)) ?? 0;
s.close();
for (const origin of monthStarts(end - 426, end)) {
  const q = quarterOf(origin);
  if (q.end > end) continue;
  const f = forecast(input, origin, { ...opts, period: q, draws: 2000 });
  const c = f.rows.find((x) => x.by === "company" && x.period === q.label);
  if (!c) continue;
  let wonToDate = 0, fromOpen = 0, fromNew = 0;
  for (const d of input.deals) {
    const last = dealAt(d, end);
    if (last?.status !== "won" || last.closedOn === null || last.closedOn < q.start || last.closedOn > q.end) continue;
    const a = last.amount ?? 0;
    if (last.closedOn <= origin) wonToDate += a;
    else if (d.created <= origin) fromOpen += a;
    else fromNew += a;
  }
  let pw = 0, ew = 0, pq = 0, eq = 0;
  for (const sc of f.scores) {
    const last = dealAt(sc.deal, end);
    const a = sc.deal.amount ?? 0;
    pw += sc.pWin * a;
    pq += winBy(sc, origin, q.end) * a;
    if (last?.status === "won") { ew += last.amount ?? 0; if (last.closedOn !== null && last.closedOn <= q.end) eq += last.amount ?? 0; }
  }
  console.log(`   eventual pwin*amt ${(pw/1000).toFixed(0)} vs won ${(ew/1000).toFixed(0)}; in-quarter ${(pq/1000).toFixed(0)} vs ${(eq/1000).toFixed(0)}`);
  const k = (x: number) => (x / 1000).toFixed(0).padStart(6);
  const actual = wonToDate + fromOpen + fromNew;
  console.log(`${isoDay(origin)} ${q.label} actual ${k(actual)} p10 ${k(c.p10)} p50 ${k(c.p50)} p90 ${k(c.p90)} | won ${k(c.won_to_date)}/${k(wonToDate)} open ${k(c.open_expected)}/${k(fromOpen)} new ${k(c.new_expected)}/${k(fromNew)} ${actual >= c.p10 && actual <= c.p90 ? "in" : "OUT"}`);
}
