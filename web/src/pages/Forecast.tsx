import * as Plot from "@observablehq/plot";
import { useEffect, useState } from "react";
import { api, qs } from "../api";
import { Empty, ErrorBox, fmt, Loading, useApi } from "../components/common";
import { PlotFigure } from "./Icp";

interface Figures {
  period: string;
  won_to_date: number;
  open_expected: number;
  new_expected: number;
  mean: number;
  p10: number;
  p50: number;
  p90: number;
  quota: number | null;
}
interface Summary {
  name: string;
  as_of: string;
  created_at: string;
  periods: [string, string];
  draws: number;
  open_deals: number;
  company: Figures[];
}
interface Detail {
  forecast: Summary & { multiple: number; qualified_stage: string | null };
  groups: (Figures & { by: string; key: string; open_deals: number })[];
  fan: { day: string; p10: number; p50: number; p90: number }[];
  issues: { code: string; message: string }[];
}

const LEVELS = ["rep", "team", "region"] as const;

/** The stored forecast (`paydirt forecast --save`): the fan of won revenue and every group's range. */
export function ForecastPage() {
  const list = useApi(() => api<{ forecasts: Summary[] }>("/v1/forecasts"), "forecasts");
  const [name, setName] = useState<string | null>(null);
  const [by, setBy] = useState<(typeof LEVELS)[number]>("rep");
  const first = list.data?.forecasts[0]?.name ?? null;
  useEffect(() => {
    if (!name && first) setName(first);
  }, [name, first]);
  const detail = useApi(
    () =>
      name
        ? api<Detail>(`/v1/forecasts/${encodeURIComponent(name)}${qs({})}`)
        : Promise.resolve(null),
    `forecast-${name}`,
  );
  if (list.error) return <ErrorBox error={list.error} />;
  if (list.loading && !list.data) return <Loading what="forecasts" />;
  if (!list.data?.forecasts.length)
    return (
      <>
        <h1>Deals and forecast</h1>
        <Empty title="No stored forecast" run="paydirt forecast --save (or npm run demo)">
          <p>The forecast fan chart and each group's P10/P50/P90 will show here.</p>
        </Empty>
      </>
    );
  const d = detail.data;
  const period = d?.forecast.periods[0] ?? "";
  const groups = (d?.groups ?? []).filter((g) => g.by === by && g.period === period);
  return (
    <>
      <h1>Deals and forecast</h1>
      <div className="plan-pick">
        <label htmlFor="forecast">Forecast</label>
        <select id="forecast" value={name ?? ""} onChange={(e) => setName(e.target.value)}>
          {list.data.forecasts.map((f) => (
            <option key={f.name} value={f.name}>
              {f.name} (as of {f.as_of})
            </option>
          ))}
        </select>
      </div>
      {detail.error ? <ErrorBox error={detail.error} /> : null}
      {!d ? (
        <Loading what="the forecast" />
      ) : (
        <>
          <p className="sub">
            As of {d.forecast.as_of}: won revenue this quarter and the next, from{" "}
            {fmt.int(d.forecast.open_deals)} open deals ({fmt.int(d.forecast.draws)} Monte Carlo
            draws) and pipeline not yet created.
          </p>
          <section className="cards" aria-label="Company forecast">
            {d.forecast.company.map((c) => (
              <div className="card" key={c.period}>
                <span className="card-label">{c.period} P50</span>
                <span className="card-value" data-testid={`figure-p50-${c.period}`}>
                  {fmt.money(c.p50)}
                </span>
                <span className="card-note">
                  P10 {fmt.money(c.p10)} – P90 {fmt.money(c.p90)}; quota {fmt.money(c.quota)}; won{" "}
                  {fmt.money(c.won_to_date)}
                </span>
              </div>
            ))}
          </section>
          {d.fan.length ? (
            <PlotFigure
              label="Fan chart: cumulative won revenue, P10 to P90 band and P50 line, by week"
              make={() =>
                Plot.plot({
                  width: 720,
                  height: 300,
                  marginLeft: 70,
                  x: { type: "utc", label: "week" },
                  y: { label: "won revenue (cumulative)", grid: true, tickFormat: "~s" },
                  marks: [
                    Plot.areaY(d.fan, {
                      x: (f: Detail["fan"][number]) => new Date(f.day),
                      y1: "p10",
                      y2: "p90",
                      fill: "#9ecae1",
                      fillOpacity: 0.6,
                    }),
                    Plot.lineY(d.fan, {
                      x: (f: Detail["fan"][number]) => new Date(f.day),
                      y: "p50",
                      stroke: "#08519c",
                    }),
                    ...(d.forecast.company[0]?.quota
                      ? [
                          Plot.ruleY([d.forecast.company[0].quota], {
                            stroke: "#b23b3b",
                            strokeDasharray: "4,3",
                          }),
                        ]
                      : []),
                  ],
                })
              }
            />
          ) : null}
          <div className="plan-pick">
            <label htmlFor="forecast-by">Groups</label>
            <select
              id="forecast-by"
              value={by}
              onChange={(e) => setBy(e.target.value as (typeof LEVELS)[number])}
            >
              {LEVELS.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </div>
          <table className="grid" data-testid="forecast-groups">
            <caption>
              {by} forecast for {period}
            </caption>
            <thead>
              <tr>
                <th scope="col">{by}</th>
                <th scope="col">Won to date</th>
                <th scope="col">From open deals</th>
                <th scope="col">From new pipeline</th>
                <th scope="col">P10</th>
                <th scope="col">P50</th>
                <th scope="col">P90</th>
                <th scope="col">Quota</th>
                <th scope="col">Open deals</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row">{g.key}</th>
                  <td>{fmt.money(g.won_to_date)}</td>
                  <td>{fmt.money(g.open_expected)}</td>
                  <td>{fmt.money(g.new_expected)}</td>
                  <td>{fmt.money(g.p10)}</td>
                  <td>{fmt.money(g.p50)}</td>
                  <td>{fmt.money(g.p90)}</td>
                  <td>{fmt.money(g.quota)}</td>
                  <td>{fmt.int(g.open_deals)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.issues.length ? (
            <section className="notes" aria-label="Notes">
              {d.issues.slice(0, 10).map((i) => (
                <p key={`${i.code}:${i.message}`}>{i.message}</p>
              ))}
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
