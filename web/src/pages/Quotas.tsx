import * as Plot from "@observablehq/plot";
import { api } from "../api";
import { Empty, ErrorBox, fmt, Loading, useApi } from "../components/common";
import { PlotFigure } from "./Icp";

interface Capacity {
  missing: string | null;
  talAsOf: string | null;
  tiers: string[];
  productivity: number | null;
  regions: {
    region: string;
    accounts: number;
    expected_bookings: number;
    aes_needed: number;
    bdrs_needed: number;
    aes: number;
    gap: number;
    covered_bookings: number;
    bookings_per_ae: number;
    add_one: number;
    remove_one: number;
  }[];
}

interface QuotaRow {
  rep_id: string;
  team: string;
  region: string;
  quota: number;
  expected_bookings: number;
  p_attain: number;
  ramp: number;
  headcount_quota: number | null;
  headcount_p_attain: number | null;
}
interface Quotas {
  missing: string | null;
  period: string | null;
  asOf: string | null;
  target: number | null;
  targetSource: string | null;
  expected: number | null;
  p_attain: number | null;
  spread: number | null;
  headcountSpread: number | null;
  rows: QuotaRow[];
  levels: {
    level: string;
    id: string;
    reps: number;
    top_down: number;
    bottom_up: number;
    difference: number;
  }[];
}

function CapacitySection() {
  const { data, error, loading } = useApi(() => api<Capacity>("/v1/capacity"), "capacity");
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <Loading what="capacity" />;
  if (data.missing)
    return (
      <Empty title="No capacity plan" run="paydirt tal --save">
        {data.missing}
      </Empty>
    );
  return (
    <section aria-labelledby="cap-h">
      <h2 id="cap-h">Capacity</h2>
      <p className="sub">
        AEs and BDRs each region needs to cover tiers {data.tiers.join(", ")} of the target list of{" "}
        {data.talAsOf}; a seat gives {fmt.pct(data.productivity)} of a full rep after ramp and
        attrition. "+1 AE" is what one more AE would cover.
      </p>
      <table className="grid" data-testid="capacity-table">
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">Accounts</th>
            <th scope="col">Expected bookings</th>
            <th scope="col">AEs needed</th>
            <th scope="col">BDRs needed</th>
            <th scope="col">AEs</th>
            <th scope="col">Gap</th>
            <th scope="col">Covered</th>
            <th scope="col">+1 AE</th>
            <th scope="col">−1 AE</th>
          </tr>
        </thead>
        <tbody>
          {data.regions.map((r) => (
            <tr key={r.region}>
              <th scope="row">{r.region}</th>
              <td>{fmt.int(r.accounts)}</td>
              <td>{fmt.money(r.expected_bookings)}</td>
              <td>{fmt.int(r.aes_needed)}</td>
              <td>{fmt.int(r.bdrs_needed)}</td>
              <td>{fmt.int(r.aes)}</td>
              <td className={r.gap < 0 ? "neg" : undefined}>{fmt.int(r.gap)}</td>
              <td>{fmt.money(r.covered_bookings)}</td>
              <td>{fmt.money(r.add_one)}</td>
              <td>{fmt.money(-r.remove_one)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function QuotaSection() {
  const { data, error, loading } = useApi(() => api<Quotas>("/v1/quotas"), "quotas");
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <Loading what="quotas (simulating each rep's bookings)" />;
  if (data.missing)
    return (
      <Empty title="No quotas" run="paydirt tal --save">
        {data.missing}
      </Empty>
    );
  return (
    <section aria-labelledby="quota-h">
      <h2 id="quota-h">Quotas for {data.period}</h2>
      <section className="cards" aria-label="Quota figures">
        <div className="card">
          <span className="card-label">Target</span>
          <span className="card-value" data-testid="figure-target">
            {fmt.money(data.target)}
          </span>
          <span className="card-note">from {data.targetSource}</span>
        </div>
        <div className="card">
          <span className="card-label">Expected bookings</span>
          <span className="card-value">{fmt.money(data.expected)}</span>
        </div>
        <div className="card">
          <span className="card-label">Every rep's P(attain)</span>
          <span className="card-value" data-testid="figure-p-attain">
            {fmt.pct(data.p_attain)}
          </span>
          <span className="card-note">
            spread {fmt.pct(data.spread)}; by headcount {fmt.pct(data.headcountSpread)}
          </span>
        </div>
      </section>
      <PlotFigure
        label="Each rep's chance of making quota: equal-chance quotas against a split by headcount"
        make={() =>
          Plot.plot({
            marginLeft: 90,
            width: 720,
            height: Math.max(120, 16 * data.rows.length + 40),
            x: { label: "P(attain)", percent: true, domain: [0, 1], grid: true },
            y: { label: null, domain: data.rows.map((r) => r.rep_id) },
            color: { legend: true, domain: ["equal chance", "by headcount"] },
            marks: [
              Plot.dot(data.rows, {
                y: "rep_id",
                x: (r: QuotaRow) => r.headcount_p_attain,
                fill: () => "by headcount",
                r: 3,
              }),
              Plot.dot(data.rows, {
                y: "rep_id",
                x: "p_attain",
                fill: () => "equal chance",
                r: 4,
              }),
            ],
          })
        }
      />
      <table className="grid" data-testid="quota-table">
        <thead>
          <tr>
            <th scope="col">Rep</th>
            <th scope="col">Team</th>
            <th scope="col">Quota</th>
            <th scope="col">Expected bookings</th>
            <th scope="col">P(attain)</th>
            <th scope="col">Ramp</th>
            <th scope="col">Quota by headcount</th>
            <th scope="col">Its P(attain)</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.rep_id}>
              <th scope="row">{r.rep_id}</th>
              <td>{r.team}</td>
              <td>{fmt.money(r.quota)}</td>
              <td>{fmt.money(r.expected_bookings)}</td>
              <td>{fmt.pct(r.p_attain)}</td>
              <td>{r.ramp < 1 ? fmt.pct(r.ramp, 0) : ""}</td>
              <td>{fmt.money(r.headcount_quota)}</td>
              <td>{fmt.pct(r.headcount_p_attain)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Top-down against bottom-up</h3>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Id</th>
            <th scope="col">Reps</th>
            <th scope="col">Quota (top-down)</th>
            <th scope="col">Expected (bottom-up)</th>
            <th scope="col">Difference</th>
          </tr>
        </thead>
        <tbody>
          {data.levels.map((l) => (
            <tr key={`${l.level}:${l.id}`}>
              <th scope="row">{l.level}</th>
              <td>{l.id}</td>
              <td>{fmt.int(l.reps)}</td>
              <td>{fmt.money(l.top_down)}</td>
              <td>{fmt.money(l.bottom_up)}</td>
              <td>{fmt.money(l.difference)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Capacity per region and quotas every rep is equally likely to make. */
export function QuotasPage() {
  return (
    <>
      <h1>Capacity and quotas</h1>
      <CapacitySection />
      <QuotaSection />
    </>
  );
}
