import type { RepLoad, RepStatus } from "./types.js";

/** Why a rep cannot take a lead now, or null when they can. */
export function unavailable(
  rep: RepStatus | undefined,
  now: string,
  respectHours: boolean,
): string | null {
  if (!rep) return "not a known rep";
  if (!rep.active) return "inactive";
  const t = Date.parse(now);
  for (const o of rep.outOfOffice ?? [])
    if (Date.parse(o.from) <= t && t < Date.parse(o.to)) return `out of office until ${o.to}`;
  if (respectHours && rep.workingHours && !withinHours(rep.workingHours, t))
    return `outside working hours (${rep.workingHours.start}-${rep.workingHours.end} ${rep.workingHours.timeZone})`;
  return null;
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Whether instant t (ms) falls in the working hours, read in their time zone. */
export function withinHours(h: NonNullable<RepStatus["workingHours"]>, t: number): boolean {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: h.timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(t));
  const get = (k: string) => parts.find((p) => p.type === k)?.value ?? "";
  const day = WEEKDAY[get("weekday")] ?? 0;
  const minutes = Number(get("hour")) * 60 + Number(get("minute"));
  const [sh, sm] = h.start.split(":").map(Number);
  const [eh, em] = h.end.split(":").map(Number);
  return (
    h.days.includes(day) &&
    minutes >= (sh ?? 0) * 60 + (sm ?? 0) &&
    minutes < (eh ?? 0) * 60 + (em ?? 0)
  );
}

/** Why a rep is at a cap, or null. */
export function capped(
  load: RepLoad | undefined,
  daily: number | undefined,
  weekly: number | undefined,
): string | null {
  const l = load ?? { today: 0, week: 0 };
  if (daily !== undefined && l.today >= daily) return `daily cap ${daily} reached`;
  if (weekly !== undefined && l.week >= weekly) return `weekly cap ${weekly} reached`;
  return null;
}
