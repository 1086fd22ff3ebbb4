import { Link } from "../App";
import { api } from "../api";
import { Empty, ErrorBox, fmt, Loading, useApi } from "../components/common";
import type { Overview } from "../types";
import type { Coverage } from "./Coverage";

interface IcpExecution {
  missing: string | null;
  from: string | null;
  to: string | null;
  liftA: number | null;
}

function Card({
  label,
  value,
  to,
  note,
}: {
  label: string;
  value: string;
  to: string;
  note?: string;
}) {
  return (
    <Link to={to} className="card">
      <span className="card-label">{label}</span>
      <span className="card-value" data-testid={`figure-${label}`}>
        {value}
      </span>
      {note ? <span className="card-note">{note}</span> : null}
    </Link>
  );
}

/** ICP execution lift: computed on the server on first ask (it rebuilds last year's list). */
function LiftCard() {
  const { data, error } = useApi(() => api<IcpExecution>("/v1/icp/execution"), "icp-execution");
  const value = error
    ? "error"
    : !data
      ? "…"
      : data.liftA === null
        ? "–"
        : `${fmt.num(data.liftA, 2)}x`;
  const note = error
    ? error instanceof Error
      ? error.message
      : String(error)
    : !data
      ? "computing"
      : data.missing
        ? data.missing
        : `tier A's share of won over its share of accounts, ${data.from} .. ${data.to}`;
  return <Card label="ICP lift" value={value} to="/icp" note={note} />;
}

/** Forecast (P50 of this quarter) and coverage (reps under the line), from /v1/coverage. */
function ForecastCards() {
  const { data, error } = useApi(() => api<Coverage>("/v1/coverage"), "coverage");
  if (error || !data || data.missing) {
    const note = error
      ? error instanceof Error
        ? error.message
        : String(error)
      : (data?.missing ?? "computing");
    const value = data ? "–" : error ? "error" : "…";
    return (
      <>
        <Card label="Forecast" value={value} to="/forecast" note={note} />
        <Card label="Coverage" value={value} to="/coverage" note={note} />
      </>
    );
  }
  const f = data.forecast[0];
  const period = data.periods[0];
  const reps = data.rows.filter(
    (r) => r.by === "rep" && r.period === period && r.coverage !== null,
  );
  const flagged = reps.filter((r) => r.flagged).length;
  return (
    <>
      <Card
        label="Forecast"
        value={fmt.money(f?.p50)}
        to="/forecast"
        note={f ? `${f.period} P50; P10 ${fmt.money(f.p10)}, P90 ${fmt.money(f.p90)}` : ""}
      />
      <Card
        label="Coverage"
        value={`${fmt.int(flagged)} of ${fmt.int(reps.length)}`}
        to="/coverage"
        note={`reps under ${fmt.num(data.multiple, 0)}x in ${period ?? ""}`}
      />
    </>
  );
}

export function OverviewPage() {
  const { data, error, loading } = useApi(() => api<Overview>("/v1/overview"), "overview");
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <Loading what="the overview" />;
  if (data.accounts === 0)
    return <Empty title="No accounts yet" run="npm run demo (or paydirt import all ./folder)" />;
  const o = data.opportunities;
  const tl = data.targetList;
  const tierA = tl?.tiers.find((t) => t.tier === "A");
  return (
    <>
      <h1>Overview</h1>
      <p className="sub">
        Store <code>{data.store}</code>
        {data.referenceDate ? `, data up to ${data.referenceDate}` : ""}
      </p>
      <section className="cards" aria-label="Key figures">
        <Card label="Accounts" value={fmt.int(data.accounts)} to="/accounts" />
        <Card
          label="Customers"
          value={fmt.int(data.customers)}
          to="/icp"
          note={`ARR ${fmt.money(data.arr)}`}
        />
        <Card
          label="Open pipeline"
          value={fmt.money(o.pipeline)}
          to="/forecast"
          note={`${fmt.int(o.open)} open deals`}
        />
        <Card
          label="Win rate"
          value={fmt.pct(o.winRate)}
          to="/icp"
          note={`${fmt.int(o.won)} won / ${fmt.int(o.lost)} lost`}
        />
        <Card
          label="Target list"
          value={tl ? fmt.int(tl.accounts) : "–"}
          to="/accounts"
          note={
            tl
              ? `${fmt.int(tierA?.accounts)} tier A, ${fmt.int(tl.inMarket)} in market (${tl.asOf})`
              : "run paydirt tal --save"
          }
        />
        <Card
          label="Territory plans"
          value={fmt.int(data.plans.length)}
          to="/territories"
          note={
            data.plans[0]
              ? `latest: ${data.plans[0].name} (${data.plans[0].status})`
              : "run paydirt plan create"
          }
        />
        <LiftCard />
        <ForecastCards />
      </section>
      {data.missing.length ? (
        <section className="missing" aria-label="Not yet computed">
          <h2>Not computed yet</h2>
          <ul>
            {data.missing.map((m) => (
              <li key={m.what}>
                {m.what}: run <code>{m.run}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-label="By region">
        <h2>By region</h2>
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Region</th>
              <th scope="col">Accounts</th>
              <th scope="col">Customers</th>
              <th scope="col">ARR</th>
              <th scope="col">Won 12m</th>
              <th scope="col">Pipeline</th>
              <th scope="col">Win rate</th>
            </tr>
          </thead>
          <tbody>
            {data.byRegion.map((r) => (
              <tr key={r.group}>
                <th scope="row">{r.group}</th>
                <td>{fmt.int(r.accounts)}</td>
                <td>{fmt.int(r.customers)}</td>
                <td>{fmt.money(r.arr)}</td>
                <td>{fmt.money(r.won_12m)}</td>
                <td>{fmt.money(r.pipeline)}</td>
                <td>{fmt.pct(r.win_rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
