import { describe, expect, it } from "vitest";
import { aborted, type ProgressEvent, phaseCounter, progress } from "./run.js";

describe("run context", () => {
  it("a phase counter reports each step and the end through the context", () => {
    const events: ProgressEvent[] = [];
    const c = phaseCounter({ onProgress: (e) => events.push(e) }, "trees", 3);
    c.tick();
    c.tick(2);
    c.stop();
    expect(events.map((e) => [e.phase, e.done, e.total])).toEqual([
      ["trees", 0, 3],
      ["trees", 1, 3],
      ["trees", 3, 3],
      ["trees", 3, 3],
    ]);
  });

  it("works without a listener or a signal", () => {
    expect(() => progress(undefined, { phase: "x" })).not.toThrow();
    expect(aborted(undefined)).toBe(false);
    expect(aborted({ signal: AbortSignal.abort() })).toBe(true);
  });
});
