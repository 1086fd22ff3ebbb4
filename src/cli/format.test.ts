import { describe, expect, it } from "vitest";
import { ratioBars } from "./format.js";

describe("ratioBars", () => {
  it("draws each value as a bar against the target, with the band's edges", () => {
    const text = ratioBars(
      [
        { label: "a", value: 1 },
        { label: "bb", value: 0.5 },
        { label: "c", value: 1.2 },
      ],
      0.1,
      12,
    );
    expect(text.split("\n")).toEqual([
      "a   ##########|:  100%",
      "bb  #####    :|:  50%",
      "c   ##########|#  120%",
    ]);
  });
});
