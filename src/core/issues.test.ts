import { describe, expect, it } from "vitest";
import { fail, ok, PaydirtError, unwrap } from "./errors.js";
import { formatIssue, ISSUE_CODE_GROUPS, ISSUE_CODES, isIssueCode, issue } from "./issues.js";
import { checkAborted } from "./run.js";

describe("issues", () => {
  it("every code belongs to exactly one module", () => {
    const seen = new Map<string, string>();
    for (const [group, codes] of Object.entries(ISSUE_CODE_GROUPS)) {
      for (const c of codes) {
        expect(seen.get(c), `${c} in ${group} and ${seen.get(c)}`).toBeUndefined();
        seen.set(c, group);
      }
    }
    expect(ISSUE_CODES.length).toBe(seen.size);
    expect(isIssueCode("field_count")).toBe(true);
    expect(isIssueCode("no such code")).toBe(false);
  });

  it("escapes control and invisible characters of data quoted in an issue", () => {
    const text = formatIssue(
      issue("unknown_option", 'unknown rep "R1\u001b[31m\u200b"', {
        path: { file: "a\u0007.csv", line: 2, column: 1 },
      }),
    );
    expect(text).toBe('a\\u{7}.csv:2:1: unknown rep "R1\\u{1b}[31m\\u{200b}"');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no raw control character gets out
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b]/);
  });

  it("formats file positions, JSON paths and severities", () => {
    expect(
      formatIssue(
        issue("field_count", "3 fields, expected 4", {
          path: { file: "a.csv", line: 7, column: 2 },
        }),
      ),
    ).toBe("a.csv:7:2: 3 fields, expected 4");
    expect(
      formatIssue(
        issue("config_unknown_key", "unknown key", {
          severity: "warning",
          path: { file: "plan.json", json: ["measures", 0, "tolerence"] },
        }),
      ),
    ).toBe("plan.json at measures[0].tolerence: warning: unknown key");
    expect(formatIssue(issue("empty", "file has no data rows", { severity: "warning" }))).toBe(
      "warning: file has no data rows",
    );
    expect(issue("empty", "x", { ids: {}, data: {} })).toEqual({
      code: "empty",
      severity: "error",
      message: "x",
    });
  });

  it("errors carry a kind, issues and a cause; results unwrap", () => {
    const cause = new Error("low level");
    const e = PaydirtError.of("not_found", "scenario_not_found", "no scenario 'x'", {
      ids: { scenario: "x" },
      cause,
    });
    expect(e.kind).toBe("not_found");
    expect(e.code).toBe("scenario_not_found");
    expect(e.cause).toBe(cause);
    expect(e.message).toBe("no scenario 'x'");
    expect(unwrap(ok(3))).toBe(3);
    expect(() => unwrap(fail([issue("config_invalid", "bad")]))).toThrow(PaydirtError);
    const c = new AbortController();
    checkAborted({ signal: c.signal });
    c.abort();
    expect(() => checkAborted({ signal: c.signal })).toThrow(
      expect.objectContaining({ kind: "unavailable", code: "aborted" }),
    );
  });
});
