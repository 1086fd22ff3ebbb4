import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The true propensity (P(win) of a new deal with an average rep) of every account of a market. */
export function readTruePropensity(marketDir: string): Map<string, number> {
  const [head, ...lines] = readFileSync(join(marketDir, "truth_accounts.csv"), "utf8")
    .trim()
    .split("\n");
  const cols = (head ?? "").split(",");
  const id = cols.indexOf("account_id");
  const p = cols.indexOf("propensity");
  const out = new Map<string, number>();
  for (const l of lines) {
    const c = l.split(",");
    out.set(c[id] ?? "", Number(c[p]));
  }
  return out;
}
