import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DayMonthResolver, parseDateValue } from "./dates.js";

const iso = (raw: string, withTime = false) => {
  const r = parseDateValue(raw, withTime);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe("parseDateValue", () => {
  it("reads ISO, compact, dotted and named-month dates", () => {
    expect(iso("2024-03-07").iso).toBe("2024-03-07");
    expect(iso("2024/3/7").iso).toBe("2024-03-07");
    expect(iso("20240307").iso).toBe("2024-03-07");
    expect(iso("07.03.2024").iso).toBe("2024-03-07");
    expect(iso("7 Mar 2024").iso).toBe("2024-03-07");
    expect(iso("March 7, 2024").iso).toBe("2024-03-07");
    expect(iso("2024-Mar-07").iso).toBe("2024-03-07");
  });

  it("reads Salesforce timestamps with offsets as UTC", () => {
    expect(iso("2024-01-05T23:30:00.000+0200", true).iso).toBe("2024-01-05T21:30:00.000Z");
    expect(iso("2024-01-05 10:00", true).iso).toBe("2024-01-05T10:00:00.000Z");
    expect(iso("2024-01-05T10:00:00Z", true).iso).toBe("2024-01-05T10:00:00.000Z");
    expect(iso("1/5/2024 3:04 PM", true).alt).toBe("2024-05-01T15:04:00.000Z");
    expect(iso("2024-01-05", true).iso).toBe("2024-01-05T00:00:00.000Z");
  });

  it("keeps both readings of an undecided slash date", () => {
    const v = iso("03/04/2024");
    expect(v.iso).toBe("2024-03-04");
    expect(v.alt).toBe("2024-04-03");
    expect(iso("13/04/2024").iso).toBe("2024-04-13");
    expect(iso("04/13/2024").iso).toBe("2024-04-13");
  });

  it("rejects impossible dates and two-digit years", () => {
    for (const bad of [
      "2024-02-30",
      "2023-02-29",
      "13/13/2024",
      "1/5/24",
      "soon",
      "2024-13-01",
      "25:00",
    ]) {
      expect(parseDateValue(bad, false).ok, bad).toBe(false);
    }
    expect(parseDateValue("2024-01-05 25:00", true).ok).toBe(false);
  });

  it("round-trips every valid calendar date in ISO form", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2199-12-31"), noInvalidDate: true }),
        (d) => {
          const text = d.toISOString().slice(0, 10);
          expect(iso(text).iso).toBe(text);
          expect(iso(d.toISOString(), true).iso).toBe(d.toISOString());
        },
      ),
    );
  });
});

describe("DayMonthResolver", () => {
  const resolve = (values: string[]) => {
    const r = new DayMonthResolver();
    values.forEach((v, i) => {
      r.see(iso(v), i + 2);
    });
    return r.decide();
  };

  it("decides the order from any value that allows only one", () => {
    expect(resolve(["03/04/2024", "25/04/2024"])).toEqual({ ok: true, order: "DMY" });
    expect(resolve(["03/04/2024", "04/25/2024"])).toEqual({ ok: true, order: "MDY" });
    expect(resolve(["2024-01-01"])).toEqual({ ok: true, order: null });
  });

  it("refuses to guess when every value reads both ways", () => {
    const d = resolve(["03/04/2024", "05/06/2024"]);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toMatch(/ambiguous.*line 2/);
  });

  it("reports a column that mixes both orders", () => {
    const d = resolve(["25/04/2024", "04/25/2024"]);
    expect(d.ok).toBe(false);
    if (!d.ok)
      expect(d.reason).toMatch(
        /month\/day\/year \(e.g. line 3\) and day\/month\/year \(e.g. line 2\)/,
      );
  });
});
