import { fmt } from "./common";

export interface BarRep {
  id: string;
  label: string;
  color: string;
  /** Load / target per measure (NaN when the target is 0). */
  ofTarget: readonly number[];
}

/**
 * Per measure, each rep's load against its target (the line at 100%) and the tolerance band;
 * bars outside the band are marked. Drawn as plain SVG (no inline styles).
 */
export function BalanceBars({
  measures,
  tolerances,
  reps,
  highlight,
  onSelect,
}: {
  measures: readonly string[];
  tolerances: readonly (number | null)[];
  reps: readonly BarRep[];
  highlight: string | null;
  onSelect: (rep: string) => void;
}) {
  const rowH = 14;
  const labelW = 64;
  const w = 260;
  const max = 1.6;
  const x = (v: number) => labelW + (Math.min(Math.max(v, 0), max) / max) * (w - labelW - 36);
  return (
    <div className="bars">
      {measures.map((m, k) => {
        const tol = tolerances[k] ?? null;
        const h = reps.length * rowH + 24;
        return (
          <figure key={m} data-testid={`bars-${m}`}>
            <figcaption>
              {m}: load / target{tol !== null ? ` (band ±${fmt.pct(tol, 0)})` : ""}
            </figcaption>
            <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`}>
              <title>{`${m} per rep against target`}</title>
              {tol !== null ? (
                <rect
                  className="band"
                  x={x(1 - tol)}
                  y={0}
                  width={x(1 + tol) - x(1 - tol)}
                  height={h - 16}
                />
              ) : null}
              <line className="target" x1={x(1)} x2={x(1)} y1={0} y2={h - 16} />
              {reps.map((r, i) => {
                const v = r.ofTarget[k] ?? Number.NaN;
                const out = tol !== null && Number.isFinite(v) && Math.abs(v - 1) > tol + 1e-9;
                const dim = highlight !== null && highlight !== r.id;
                return (
                  // biome-ignore lint/a11y/useSemanticElements: an SVG bar acting as a button
                  <g
                    key={r.id}
                    className={`bar${out ? " out" : ""}${dim ? " dim" : ""}`}
                    role="button"
                    tabIndex={-1}
                    aria-label={`${r.label}: ${fmt.pct(v, 1)} of target`}
                    data-rep={r.id}
                    data-value={Number.isFinite(v) ? v.toFixed(6) : ""}
                    onClick={() => onSelect(r.id)}
                    onKeyDown={(e) => e.key === "Enter" && onSelect(r.id)}
                  >
                    <text x={labelW - 4} y={i * rowH + 10} textAnchor="end">
                      {r.label}
                    </text>
                    <rect
                      x={labelW}
                      y={i * rowH + 2}
                      width={Math.max(0, x(Number.isFinite(v) ? v : 0) - labelW)}
                      height={rowH - 4}
                      fill={r.color}
                    />
                    <text className="val" x={x(Number.isFinite(v) ? v : 0) + 3} y={i * rowH + 10}>
                      {fmt.pct(v, 0)}
                    </text>
                  </g>
                );
              })}
              <text className="axis" x={x(1)} y={h - 4} textAnchor="middle">
                100%
              </text>
            </svg>
          </figure>
        );
      })}
    </div>
  );
}
