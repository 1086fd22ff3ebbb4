/**
 * Pieces shared by request schemas (zod): what the CLI and the HTTP API accept for each
 * operation. A request schema holds only what the operation needs, in JSON types (numbers as
 * numbers, lists as arrays); the CLI's option helper (src/cli/options.ts) turns flags into that
 * shape, the server validates bodies/queries with the same schema and publishes it in OpenAPI.
 */
import { z } from "zod";

/** Earliest and latest day accepted as an as-of date (a sane range for business data). */
export const FIRST_DAY = "1900-01-01";
export const LAST_DAY = "2199-12-31";

/** The day a YYYY-MM-DD text names, or a reason it names none (no rollover: 2025-02-30 is wrong). */
export function checkDay(text: string): { ok: true } | { ok: false; reason: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return { ok: false, reason: `expected a date as YYYY-MM-DD, got "${text}"` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > days)
    return { ok: false, reason: `"${text}" is not a day of the calendar` };
  if (text < FIRST_DAY || text > LAST_DAY)
    return { ok: false, reason: `"${text}" is outside ${FIRST_DAY} .. ${LAST_DAY}` };
  return { ok: true };
}

/** One calendar day, YYYY-MM-DD, between FIRST_DAY and LAST_DAY: every --as-of date. */
export const day = z.string().superRefine((s, ctx) => {
  const r = checkDay(s);
  if (!r.ok) ctx.addIssue({ code: "custom", message: r.reason });
});

/** A day, or a day with a time (ISO 8601, `Z` or an offset): when imported data was true. */
export const instant = z.string().superRefine((s, ctx) => {
  const r = checkDay(s.slice(0, 10));
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: r.reason });
    return;
  }
  if (s.length > 10 && !/^T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s.slice(10)))
    ctx.addIssue({
      code: "custom",
      message: `expected YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z], got "${s}"`,
    });
  else if (Number.isNaN(Date.parse(s.length > 10 ? s : `${s}T00:00:00Z`)))
    ctx.addIssue({ code: "custom", message: `"${s}" is not a time` });
});

/** A whole number in [lo, hi]. */
export const int = (lo: number, hi: number) => z.number().int().min(lo).max(hi);

/** A number in [lo, hi]. */
export const num = (lo: number, hi: number) => z.number().min(lo).max(hi);

/** A list of names (dimensions, roles...). */
export const names = z.array(z.string().min(1));
