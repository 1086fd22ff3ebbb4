/**
 * The day and ISO week that daily and weekly caps count in: the calendar date of an instant in
 * the rule set's time zone (`capTimeZone`, UTC by default), so a team in New York resets its caps
 * at New York midnight rather than at 19:00 or 20:00 local time.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/** Whether `tz` is an IANA time zone this runtime knows (e.g. "America/New_York", "UTC"). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The local calendar date (YYYY-MM-DD) of instant `t` (ms) in `timeZone`. */
export function localDate(t: number, timeZone = "UTC"): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formats.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(t));
  const get = (k: string) => parts.find((p) => p.type === k)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The cap day of an instant and the Monday that starts its ISO week, both YYYY-MM-DD in `timeZone`. */
export function capDays(
  now: Date | string | number,
  timeZone = "UTC",
): { day: string; weekStart: string } {
  const t = now instanceof Date ? now.getTime() : typeof now === "string" ? Date.parse(now) : now;
  const day = localDate(t, timeZone);
  const midnight = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday = 0
  return { day, weekStart: new Date(midnight - weekday * 86_400_000).toISOString().slice(0, 10) };
}
