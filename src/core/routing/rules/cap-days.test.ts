import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capDays, isTimeZone, localDate } from "./cap-days.js";

describe("cap days", () => {
  it("reads the date in the rule set's time zone", () => {
    expect(capDays("2026-06-02T03:00:00Z")).toEqual({ day: "2026-06-02", weekStart: "2026-06-01" });
    // 23:00 on Monday June 1 in New York
    expect(capDays("2026-06-02T03:00:00Z", "America/New_York")).toEqual({
      day: "2026-06-01",
      weekStart: "2026-06-01",
    });
    // 00:30 on Monday June 8 in Tokyo is still Sunday June 7 in UTC
    expect(capDays("2026-06-07T15:30:00Z", "Asia/Tokyo").weekStart).toBe("2026-06-08");
    expect(capDays("2026-06-07T15:30:00Z").weekStart).toBe("2026-06-01");
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });

  it("the week starts on the Monday at or before the day, in every zone", () => {
    const zones = ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Kiritimati"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom(...zones),
        (t, tz) => {
          const { day, weekStart } = capDays(t, tz);
          expect(day).toBe(localDate(t, tz));
          const gap = (Date.parse(day) - Date.parse(weekStart)) / 86_400_000;
          expect(gap).toBeGreaterThanOrEqual(0);
          expect(gap).toBeLessThan(7);
          expect(new Date(weekStart).getUTCDay()).toBe(1);
        },
      ),
    );
  });
});
