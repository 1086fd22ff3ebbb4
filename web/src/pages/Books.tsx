import { api } from "../api";
import { Empty, ErrorBox, fmt, Loading, useApi } from "../components/common";

interface Books {
  refreshes: { refresh_id: number; as_of: string; policy: string; quarter: string }[];
  refresh: { refresh_id: number; as_of: string; policy: string; quarter: string } | null;
  stages: { stage: string; accounts: number; value: number }[];
  reps: { rep_id: string; core: number; rotating: number; bdr: number; value: number }[];
  reasons: { reason: string; changes: number }[];
  changes: {
    as_of: string;
    account_id: string;
    from_stage: string;
    to_stage: string;
    from_rep: string | null;
    to_rep: string | null;
    reason: string;
  }[];
}

/** Books: each rep's core, rotating and BDR lanes, and the rotation history. */
export function BooksPage() {
  const { data, error, loading } = useApi(() => api<Books>("/v1/books"), "books");
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <Loading what="books" />;
  if (!data.refresh)
    return (
      <>
        <h1>Books</h1>
        <Empty title="No books refreshed yet" run="paydirt books refresh">
          <p>
            Books split each rep's accounts into a fixed core, a rotating tier and the BDR lane.
          </p>
        </Empty>
      </>
    );
  const r = data.refresh;
  return (
    <>
      <h1>Books</h1>
      <p className="sub">
        Refresh {r.refresh_id} as of {r.as_of} ({r.policy} policy, {r.quarter})
      </p>
      <section className="cards" aria-label="Lanes">
        {data.stages.map((s) => (
          <div className="card" key={s.stage}>
            <span className="card-label">{s.stage}</span>
            <span className="card-value" data-testid={`lane-${s.stage}`}>
              {fmt.int(s.accounts)}
            </span>
            <span className="card-note">{fmt.money(s.value)} expected value</span>
          </div>
        ))}
      </section>
      <h2>Lanes per rep</h2>
      <table className="grid" data-testid="books-reps">
        <thead>
          <tr>
            <th scope="col">Rep</th>
            <th scope="col">Core</th>
            <th scope="col">Rotating</th>
            <th scope="col">BDR</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {data.reps.map((x) => (
            <tr key={x.rep_id}>
              <th scope="row">{x.rep_id}</th>
              <td>{fmt.int(x.core)}</td>
              <td>{fmt.int(x.rotating)}</td>
              <td>{fmt.int(x.bdr)}</td>
              <td>{fmt.money(x.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Rotation history</h2>
      <p className="sub">
        {data.reasons.map((x) => `${x.reason} ${fmt.int(x.changes)}`).join(" · ")}
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">As of</th>
            <th scope="col">Account</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {data.changes.map((x) => (
            <tr key={`${x.as_of}:${x.account_id}:${x.to_stage}`}>
              <td>{x.as_of}</td>
              <th scope="row">{x.account_id}</th>
              <td>
                {x.from_stage}
                {x.from_rep ? ` (${x.from_rep})` : ""}
              </td>
              <td>
                {x.to_stage}
                {x.to_rep ? ` (${x.to_rep})` : ""}
              </td>
              <td>{x.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
