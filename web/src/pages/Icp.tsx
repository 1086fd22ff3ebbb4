import * as Plot from "@observablehq/plot";
import { useEffect, useRef, useState } from "react";
import { api, qs } from "../api";
import { Empty, ErrorBox, fmt, Loading, useApi } from "../components/common";
import type { IcpSegment, IcpSegments } from "../types";

const DIMS = ["industry", "size_band", "region"] as const;

/** Plot's figure without its inline <style> (the CSP forbids inline styles; styles.css has them). */
export function PlotFigure({
  make,
  label,
}: {
  make: () => SVGSVGElement | HTMLElement;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = make();
    for (const s of el.querySelectorAll("style")) s.remove();
    // The figure is one image with one label: its parts carry no ARIA of their own.
    for (const n of el.querySelectorAll("[aria-label], [aria-description]")) {
      n.removeAttribute("aria-label");
      n.removeAttribute("aria-description");
    }
    el.removeAttribute("aria-description");
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", label);
    ref.current?.replaceChildren(el);
  });
  return <div ref={ref} className="plot" />;
}

function intervalText(e: IcpSegment["winRate"], f: (v: number) => string) {
  return e ? `${f(e.mean)} (${f(e.lo)}–${f(e.hi)})` : "–";
}

export function Icp() {
  const [dims, setDims] = useState<string[]>(["industry"]);
  const key = dims.join(",");
  const { data, error, loading } = useApi(
    () => api<IcpSegments>(`/v1/icp/segments${qs({ dims: key })}`),
    key,
  );
  return (
    <>
      <h1>ICP segments</h1>
      <fieldset className="dims">
        <legend>Segment by</legend>
        {DIMS.map((d) => (
          <label key={d}>
            <input
              type="checkbox"
              checked={dims.includes(d)}
              onChange={(e) =>
                setDims((cur) => {
                  const next = e.target.checked ? [...cur, d] : cur.filter((x) => x !== d);
                  return DIMS.filter((x) => next.includes(x));
                })
              }
            />
            {d.replace("_", " ")}
          </label>
        ))}
      </fieldset>
      {error ? <ErrorBox error={error} /> : null}
      {loading ? <Loading what="segments" /> : null}
      {data && !loading ? (
        data.segments.length === 0 ? (
          <Empty title="No segments" run="paydirt import all ./folder (deals and revenue)" />
        ) : (
          <>
            {data.notes.length ? (
              <section className="notes" aria-label="Notes">
                {data.notes.map((n) => (
                  <p key={n}>{n}</p>
                ))}
              </section>
            ) : null}
            <p className="sub">
              As of {data.asOf}; every figure with its 90% interval, shrunk toward its parent
              segment. Tier A/D: value per opportunity credibly above/below average.
            </p>
            <PlotFigure
              label="Win rate per segment with 90% intervals"
              make={() =>
                Plot.plot({
                  marginLeft: 200,
                  height: Math.max(120, 22 * data.segments.length + 40),
                  width: 720,
                  x: { label: "win rate", percent: true, grid: true },
                  y: { label: null, domain: data.segments.map((s) => s.key) },
                  marks: [
                    Plot.ruleY(data.segments, {
                      y: "key",
                      x1: (s: IcpSegment) => s.winRate?.lo ?? null,
                      x2: (s: IcpSegment) => s.winRate?.hi ?? null,
                      stroke: "#8a6d3b",
                    }),
                    Plot.dot(data.segments, {
                      y: "key",
                      x: (s: IcpSegment) => s.winRate?.mean ?? null,
                      fill: (s: IcpSegment) => s.tier ?? "none",
                      r: 4,
                    }),
                  ],
                })
              }
            />
            <table className="grid" data-testid="icp-table">
              <thead>
                <tr>
                  <th scope="col">Segment</th>
                  <th scope="col">Tier</th>
                  <th scope="col">Accounts</th>
                  <th scope="col">Customers</th>
                  <th scope="col">Win rate (90%)</th>
                  <th scope="col">ACV (90%)</th>
                  <th scope="col">CLV (90%)</th>
                  <th scope="col">Value / opp.</th>
                  <th scope="col">P(above avg.)</th>
                </tr>
              </thead>
              <tbody>
                {data.segments.map((s) => (
                  <tr key={s.key}>
                    <th scope="row">{s.key}</th>
                    <td>{s.tier ?? "–"}</td>
                    <td>{fmt.int(s.accounts)}</td>
                    <td>{fmt.int(s.customers)}</td>
                    <td>{intervalText(s.winRate, (v) => fmt.pct(v, 0))}</td>
                    <td>{intervalText(s.acv, fmt.money)}</td>
                    <td>{intervalText(s.clv, fmt.money)}</td>
                    <td>{fmt.money(s.value?.mean)}</td>
                    <td>{fmt.pct(s.pAboveAverage, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      ) : null}
    </>
  );
}
