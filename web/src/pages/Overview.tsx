import { Link } from "../App";
import { api } from "../api";
import { Empty, ErrorBox, fmt, Loading, useApi } from "../components/common";
import type { Overview } from "../types";

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
        <Card label="Forecast" value="–" to="/forecast" note="paydirt forecast (page to come)" />
        <Card label="Coverage" value="–" to="/coverage" note="paydirt coverage (page to come)" />
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
