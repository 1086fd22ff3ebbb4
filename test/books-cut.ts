import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A copy of a synthetic market as an export taken at the end of day T would hold it: deals created
 * by T (open unless closed by T), history, signals and revenue months up to T. Used to build a
 * store that knows nothing after T (no-look-ahead tests). The synthetic CSVs hold no quotes.
 */
export function cutMarket(dir: string, out: string, t: string): void {
  mkdirSync(out, { recursive: true });
  const keep: Record<string, (row: Record<string, string>) => Record<string, string> | null> = {
    "opportunities.csv": (r) => {
      if ((r.created_date ?? "") > t) return null;
      if (r.status !== "open" && (r.close_date ?? "") <= t) return r;
      return { ...r, status: "open" };
    },
    "opportunity_history.csv": (r) => ((r.changed_at ?? "").slice(0, 10) <= t ? r : null),
    "signals.csv": (r) => ((r.occurred_at ?? "").slice(0, 10) <= t ? r : null),
    "revenue.csv": (r) => {
      const [y, m] = (r.month ?? "").split("-").map(Number);
      const end = new Date(Date.UTC(y ?? 0, m ?? 0, 0)).toISOString().slice(0, 10);
      return end <= t ? r : null;
    },
  };
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".csv") || f.startsWith("truth")) continue;
    const text = readFileSync(join(dir, f), "utf8");
    const rule = keep[f];
    if (!rule) {
      writeFileSync(join(out, f), text);
      continue;
    }
    const [head, ...lines] = text.trimEnd().split("\n");
    const cols = (head ?? "").split(",");
    const kept = [head];
    for (const l of lines) {
      const cells = l.split(",");
      const row = Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
      const r = rule(row);
      if (r) kept.push(cols.map((c) => r[c] ?? "").join(","));
    }
    writeFileSync(join(out, f), `${kept.join("\n")}\n`);
  }
}
