import { accounts as accountSpec } from "../../core/model/entities.js";
import type { Db } from "../store/db.js";
import { ident } from "../store/ddl.js";
import { sqlValue } from "../store/sql.js";

/** Tags held by fewer accounts than this share (or 20 accounts) do not become feature columns. */
const MIN_TAG_SHARE = 0.005;
const MAX_TAGS = 60;

/**
 * The account columns a fit model may learn from, as SQL over accounts aliased `a`: every
 * firmographic and technographic field of the model (not the key, references, names or dates of
 * CRM bookkeeping), with each tag list expanded into one 0/1 column per common tag. Decided from
 * the entity specification and the data, so any CRM's accounts work the same way.
 */
export async function accountFeatureSql(db: Db, from: string): Promise<string[]> {
  const out: string[] = [];
  const n = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${from}`))?.n ?? 0;
  for (const f of accountSpec.fields) {
    if (accountSpec.key.includes(f.name) || f.ref || f.freeText) continue;
    if (f.type === "date" || f.type === "datetime") continue;
    const col = `a.${ident(f.name)}`;
    if (f.type !== "tags") {
      out.push(`${col} AS ${ident(f.name)}`);
      continue;
    }
    const tags = await db.all<{ tag: string }>(
      `SELECT tag FROM (SELECT unnest(${ident(f.name)}) AS tag FROM ${from}) GROUP BY tag
       HAVING count(*) >= $min ORDER BY count(*) DESC, tag LIMIT $max`,
      { min: Math.max(20, Math.ceil(n * MIN_TAG_SHARE)), max: MAX_TAGS },
    );
    for (const { tag } of tags) {
      out.push(
        `CAST(coalesce(list_contains(${col}, ${sqlValue(tag)}), false) AS INTEGER) AS ${ident(`${f.name}:${tag}`)}`,
      );
    }
  }
  return out;
}
