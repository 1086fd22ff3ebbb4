import * as Plot from "@observablehq/plot";
import { useState } from "react";
import { api } from "../api";
import { Empty, ErrorBox, fmt, Loading, useApi } from "../components/common";
import { PlotFigure } from "./Icp";

export interface CoverageRow {
  by: "rep" | "team";
  key: string;
  period: string;
  quota: number | null;
  won_to_date: number;
  remaining: number | null;
  qualified: number;
  expected: number;
  coverage: number | null;
  flagged: boolean;
  gap: number;
  suggestions: { account: string; owner: string | null; rank: number; value: number }[];
}
export interface Coverage {
  missing: string | null;
  asOf: string | null;
  multiple: number;
  qualifiedStage: string | null;
  periods: string[];
  targetListAsOf: string | null;
  forecast: {
    period: string;
    won_to_date: number;
    mean: number;
    p10: number;
    p50: number;
    p90: number;
    quota: number | null;
    open_deals: number;
  }[];
  rows: CoverageRow[];
  issues: { code: string; message: string }[];
}

/** Shown coverage is capped here (a rep with almost no quota left has "infinite" coverage). */
const CAP = 10;

/** Pipeline coverage per rep and team against the 4x line, with accounts to close each gap. */
export function CoveragePage() {
  const { data, error, loading } = useApi(() => api<Coverage>("/v1/coverage"), "coverage");
  const [period, setPeriod] = useState<string | null>(null);
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <Loading what="coverage (the forecast runs first)" />;
  if (data.missing)
    return (
      <>
        <h1>Coverage</h1>
        <Empty title="No coverage yet" run="paydirt import all ./folder (or npm run demo)">
          <p>{data.missing}</p>
        </Empty>
      </>
    );
  const p = period ?? data.periods[0] ?? "";
  const reps = data.rows.filter(
    (r) => r.by === "rep" && r.period === p && (r.quota !== null || r.qualified > 0),
  );
  const teams = data.rows.filter((r) => r.by === "team" && r.period === p);
  const flagged = reps.filter((r) => r.flagged);
  const withCoverage = reps.filter((r) => r.coverage !== null);
  const x = (r: CoverageRow) => Math.min(r.coverage ?? 0, CAP);
  return (
    <>
      <h1>Coverage</h1>
      <p className="sub">
        As of {data.asOf}: qualified pipeline (stage {data.qualifiedStage ?? "any"} or later,
        closing in the quarter) over the quota still to win; reps need {fmt.num(data.multiple, 1)}x.
      </p>
      <div className="plan-pick">
        <label htmlFor="cov-period">Quarter</label>
        <select id="cov-period" value={p} onChange={(e) => setPeriod(e.target.value)}>
          {data.periods.map((q) => (
            <option key={q}>{q}</option>
          ))}
        </select>
      </div>
      <section className="cards" aria-label="Key figures">
        <div className="card">
          <span className="card-label">Reps under {fmt.num(data.multiple, 0)}x</span>
          <span className="card-value" data-testid="figure-flagged">
            {fmt.int(flagged.length)} of {fmt.int(withCoverage.length)}
          </span>
        </div>
        {teams.map((t) => (
          <div className="card" key={t.key}>
            <span className="card-label">Team {t.key}</span>
            <span className="card-value">
              {t.coverage === null ? "–" : `${fmt.num(t.coverage, 1)}x`}
            </span>
            <span className="card-note">
              {fmt.money(t.qualified)} qualified / {fmt.money(t.remaining)} left
            </span>
          </div>
        ))}
      </section>
      {withCoverage.length ? (
        <PlotFigure
          label={`Coverage per rep in ${p} against the ${data.multiple}x line`}
          make={() =>
            Plot.plot({
              marginLeft: 90,
              width: 720,
              height: Math.max(120, 18 * withCoverage.length + 40),
              x: { label: `coverage (qualified / quota left, capped at ${CAP}x)`, grid: true },
              y: { label: null, domain: withCoverage.map((r) => r.key) },
              marks: [
                Plot.barX(withCoverage, {
                  y: "key",
                  x,
                  fill: (r: CoverageRow) => (r.flagged ? "#b23b3b" : "#3b7a57"),
                }),
                Plot.ruleX([data.multiple], { stroke: "#222", strokeDasharray: "4,3" }),
              ],
            })
          }
        />
      ) : null}
      <table className="grid" data-testid="coverage-table">
        <caption>Reps in {p}</caption>
        <thead>
          <tr>
            <th scope="col">Rep</th>
            <th scope="col">Quota</th>
            <th scope="col">Won to date</th>
            <th scope="col">Quota left</th>
            <th scope="col">Qualified</th>
            <th scope="col">Expected value</th>
            <th scope="col">Coverage</th>
            <th scope="col">Gap to {fmt.num(data.multiple, 0)}x</th>
            <th scope="col">Accounts that could close it</th>
          </tr>
        </thead>
        <tbody>
          {reps.map((r) => (
            <tr key={r.key} className={r.flagged ? "flagged" : undefined}>
              <th scope="row">{r.key}</th>
              <td>{fmt.money(r.quota)}</td>
              <td>{fmt.money(r.won_to_date)}</td>
              <td>{fmt.money(r.remaining)}</td>
              <td>{fmt.money(r.qualified)}</td>
              <td>{fmt.money(r.expected)}</td>
              <td>{r.coverage === null ? "–" : `${fmt.num(r.coverage, 1)}x`}</td>
              <td>{r.flagged ? fmt.money(r.gap) : ""}</td>
              <td>{r.suggestions.map((s) => `${s.account} (${fmt.money(s.value)})`).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.issues.length ? (
        <section className="notes" aria-label="Notes">
          {data.issues.slice(0, 10).map((i) => (
            <p key={`${i.code}:${i.message}`}>{i.message}</p>
          ))}
        </section>
      ) : null}
    </>
  );
}
