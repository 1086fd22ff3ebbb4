import { describe, expect, it } from "vitest";
import { ColumnAccumulator } from "./column.js";
import { resolveTarget } from "./target.js";

function acc(cells: readonly string[]) {
  const a = new ColumnAccumulator(4);
  for (const c of cells) a.push(c);
  return a;
}

describe("target labels", () => {
  it("matches the positive value trimmed and ignoring case; blank targets are unlabelled", () => {
    const r = resolveTarget(
      "stage",
      acc(["Closed Won", " closed won", "Closed Lost", "", "Open"]),
      "Closed Won",
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Array.from(r.target.labels)).toEqual([1, 1, 0, -1, 0]);
      expect(r.target).toMatchObject({ positives: 2, negatives: 2, unlabelled: 1 });
    }
  });

  it("compares numbers as numbers and picks the positive of 0/1 and yes/no columns", () => {
    const n = resolveTarget("won", acc(["1", "0", "1.0", "0"]), undefined);
    expect(n.ok && Array.from(n.target.labels)).toEqual([1, 0, 1, 0]);
    const y = resolveTarget("won", acc(["no", "yes", "no"]));
    expect(y.ok && y.target.positive).toBe("yes");
  });

  it("explains what is wrong: unknown positive, one class only, no default", () => {
    const a = resolveTarget("s", acc(["a", "b"]), "c");
    expect(!a.ok && a.reason).toMatch(/no row has "s" = "c" \(values: "a", "b"\)/);
    const b = resolveTarget("s", acc(["a", "a"]), "a");
    expect(!b.ok && b.reason).toMatch(/nothing to contrast/);
    const c = resolveTarget("s", acc(["a", "b", "c"]));
    expect(!c.ok && c.reason).toMatch(/give the positive value/);
  });
});
