/** Text rendering shared by commands and benchmarks. */

export type Cell = string | number | null | undefined;

/** Render a number for people: thousands separators, at most `digits` decimals. */
export function num(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "-";
  return v.toLocaleString("en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/** Money in compact form: $1.2M, $340K, $900. */
export function money(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "-";
  const a = Math.abs(v);
  if (a >= 1e9) return `$${(v / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `$${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `$${(v / 1e3).toFixed(1)}K`;
  return `$${v.toFixed(0)}`;
}

/** A percentage from a ratio. */
export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "-";
  return `${(v * 100).toFixed(digits)}%`;
}

/** Aligned text table: the first column left-aligned, the others right-aligned. */
export function formatTable(
  rows: readonly Record<string, Cell>[],
  columns?: readonly string[],
): string {
  const first = rows[0];
  if (!first) return "";
  const cols = columns ?? Object.keys(first);
  const text = (v: Cell) =>
    v === null || v === undefined
      ? ""
      : typeof v === "number"
        ? Number.isInteger(v)
          ? num(v)
          : num(v, 3)
        : v;
  const cells = rows.map((r) => cols.map((c) => text(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (vals: readonly string[]) =>
    vals
      .map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)))
      .join("  ");
  return [line(cols), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

/**
 * Horizontal bars of values around a target of 1 (load / target), one line each: the bar runs to
 * the value, `|` marks the target, `:` the edges of the band `1 +- band` when one is given.
 */
export function ratioBars(
  rows: readonly { readonly label: string; readonly value: number }[],
  band?: number,
  width = 40,
): string {
  const max = Math.max(
    1 + (band ?? 0),
    ...rows.map((r) => (Number.isFinite(r.value) ? r.value : 0)),
  );
  const at = (v: number) => Math.round((v / max) * width);
  const labelWidth = Math.max(...rows.map((r) => r.label.length), 1);
  return rows
    .map((r) => {
      const v = Number.isFinite(r.value) ? Math.max(0, r.value) : 0;
      const cells: string[] = Array.from({ length: width + 1 }, (_, i) => (i < at(v) ? "#" : " "));
      if (band !== undefined) {
        for (const edge of [1 - band, 1 + band]) {
          const i = at(edge);
          if (i >= 0 && i <= width && cells[i] === " ") cells[i] = ":";
        }
      }
      cells[at(1)] = "|";
      return `${r.label.padEnd(labelWidth)}  ${cells.join("")} ${pct(r.value, 0)}`;
    })
    .join("\n");
}
