import type { CsvCode } from "../../core/codes/csv.js";
import type { ImportCode } from "../../core/codes/import.js";
import { formatIssue as formatAnyIssue } from "../../core/issues.js";

/** An import finding: errors stop the import, warnings are reported and the import goes on. */
export interface ImportIssue {
  readonly severity: "error" | "warning";
  readonly file: string;
  /** 1-based physical line (1 = header); 0 when the finding concerns the whole file. */
  readonly line: number;
  /** 1-based column; 0 when it concerns the whole row or file. */
  readonly column: number;
  readonly code: ImportCode | CsvCode;
  readonly message: string;
}

/**
 * `file:line:column: message`, the format editors and CI logs understand. Data quoted in the
 * message (cells, ids, file names) is escaped for the terminal: no control sequence gets out.
 */
export function formatIssue(i: ImportIssue): string {
  return formatAnyIssue({
    code: i.code,
    severity: i.severity,
    message: i.message,
    path: { file: i.file, ...(i.line > 0 ? { line: i.line, column: Math.max(i.column, 1) } : {}) },
  });
}

/** Collects issues, keeping at most `cap` of each severity but counting them all. */
export class IssueLog {
  readonly kept: ImportIssue[] = [];
  errors = 0;
  warnings = 0;
  /** Every issue counted by code, the capped ones included (for the summary). */
  readonly byCode = new Map<string, number>();

  constructor(private readonly cap = 200) {}

  add(issue: ImportIssue): void {
    this.byCode.set(issue.code, (this.byCode.get(issue.code) ?? 0) + 1);
    if (issue.severity === "error") {
      this.errors++;
      if (this.errors <= this.cap) this.kept.push(issue);
    } else {
      this.warnings++;
      if (this.warnings <= this.cap) this.kept.push(issue);
    }
  }

  /** Count issues that were found (and capped) elsewhere, e.g. in a worker thread. */
  addUncounted(n: number, severity: "error" | "warning"): void {
    if (n <= 0) return;
    if (severity === "error") this.errors += n;
    else this.warnings += n;
  }

  /** Human-readable listing: errors first, then warnings, each capped, with the counts left out. */
  lines(): string[] {
    const out: string[] = [];
    for (const sev of ["error", "warning"] as const) {
      const list = this.kept.filter((i) => i.severity === sev);
      const total = sev === "error" ? this.errors : this.warnings;
      for (const i of list) out.push(formatIssue(i));
      if (total > list.length) out.push(`... and ${total - list.length} more ${sev}s`);
    }
    return out;
  }
}
