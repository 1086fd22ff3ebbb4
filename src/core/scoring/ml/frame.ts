import type { ColumnAccumulator } from "./column.js";

/** A numeric feature column: numbers, yes/no values (0/1) or dates (days since 1970); NaN is missing. */
export interface NumericColumn {
  readonly kind: "numeric";
  readonly name: string;
  readonly source: "number" | "boolean" | "date";
  readonly values: Float64Array;
  /** Day/month order of a date column's a/b/yyyy values, when the column needed one. */
  readonly dateOrder?: "MDY" | "DMY";
  /** "," when the column writes numbers with a decimal comma (`1.234,56`). */
  readonly decimal?: ",";
  /** What detection noticed (e.g. non-numeric cells read as missing). */
  readonly note?: string;
}

/** A categorical column: codes into `levels` (-1 is missing). */
export interface CategoricalColumn {
  readonly kind: "categorical";
  readonly name: string;
  readonly codes: Int32Array;
  /** Levels as first written; matched through `levelKey`. */
  readonly levels: readonly string[];
  readonly note?: string;
}

/** A column left out of the model, with the reason. */
export interface DroppedColumn {
  readonly kind: "dropped";
  readonly name: string;
  readonly reason: string;
  /** Whether the column looks like a row key (copied to score files so rows can be joined back). */
  readonly identifier: boolean;
}

/** One typed column of a frame. */
export type FrameColumn = NumericColumn | CategoricalColumn | DroppedColumn;

/** A table read from text with every column typed. */
export interface Frame {
  readonly rows: number;
  readonly columns: readonly FrameColumn[];
}

/** How each column was typed: one line per column for reports. */
export function describeColumns(
  columns: readonly FrameColumn[],
): { column: string; type: string; detail: string }[] {
  return columns.map((c) => {
    if (c.kind === "dropped") return { column: c.name, type: "dropped", detail: c.reason };
    if (c.kind === "categorical")
      return {
        column: c.name,
        type: "categorical",
        detail: [`${c.levels.length} levels`, c.note].filter(Boolean).join("; "),
      };
    return { column: c.name, type: c.source, detail: c.note ?? "" };
  });
}

/** Collects rows of text cells into accumulators, one per column. */
export interface FrameSink {
  readonly header: readonly string[];
  readonly accumulators: readonly ColumnAccumulator[];
}

/** Mark the named columns (matched ignoring case) as dropped by request; unknown names are returned. */
export function excludeColumns(
  frame: Frame,
  names: readonly string[],
): { frame: Frame; unknown: string[] } {
  const wanted = new Set(names.map((n) => n.trim().toLowerCase()));
  const columns = frame.columns.map(
    (c): FrameColumn =>
      wanted.has(c.name.toLowerCase())
        ? { kind: "dropped", name: c.name, reason: "excluded (--exclude)", identifier: false }
        : c,
  );
  const known = new Set(frame.columns.map((c) => c.name.toLowerCase()));
  return {
    frame: { rows: frame.rows, columns },
    unknown: names.filter((n) => !known.has(n.trim().toLowerCase())),
  };
}

/** The frame restricted to `rows` (in that order). */
export function selectRows(frame: Frame, rows: Int32Array): Frame {
  const columns = frame.columns.map((c): FrameColumn => {
    if (c.kind === "numeric")
      return { ...c, values: Float64Array.from(rows, (r) => c.values[r] as number) };
    if (c.kind === "categorical")
      return { ...c, codes: Int32Array.from(rows, (r) => c.codes[r] as number) };
    return c;
  });
  return { rows: rows.length, columns };
}
