import { useState } from "react";
import { api, qs } from "../api";
import { Empty, ErrorBox, fmt, Loading, useApi } from "../components/common";

interface Summary {
  enabled: boolean;
  configVersion: number | null;
  leads: number;
  decisions: number;
  queued: number;
  byRule: { rule: string; decisions: number }[];
  byOwner: { owner_id: string; decisions: number }[];
  pools: {
    id: string;
    turns: number;
    maxDeviation: number | null;
    members: {
      rep_id: string;
      weight: number;
      turns: number;
      share: number | null;
      expectedShare: number;
    }[];
  }[];
}
interface Decision {
  lead_id: string;
  decided_at: string;
  account_id: string | null;
  match_confidence: number;
  owner_id: string | null;
  queue: string | null;
  rule: string;
  reasons: string[];
}
interface Trail {
  lead_id: string;
  rule: string;
  reasons: string[];
  owner_id: string | null;
  queue: string | null;
  /** The rules that passed before the one that decided, each with why. */
  trail: { rule: string; why: string }[];
  audit: { at: string; kind: string; repId: string | null }[];
}

const PAGE = 50;

/** One decision's trail (GET /v1/leads/{id}): each rule's verdict, candidates and audit. */
function TrailOf({ lead }: { lead: string }) {
  const { data, error, loading } = useApi(
    () => api<Trail>(`/v1/leads/${encodeURIComponent(lead)}`),
    lead,
  );
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <Loading what="the trail" />;
  return (
    <section aria-label={`Trail of ${lead}`} className="trail" data-testid="trail">
      <h3>Trail of {lead}</h3>
      <ol>
        {data.trail.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the trail's order is its identity
          <li key={`${i}:${s.rule}`}>
            <strong>{s.rule}</strong> passed: {s.why}
          </li>
        ))}
        <li>
          <strong>{data.rule}</strong> decided:{" "}
          {data.owner_id ? `owner ${data.owner_id}` : `queue ${data.queue ?? "–"}`} (
          {data.reasons.join("; ")})
        </li>
      </ol>
      {data.audit.length ? (
        <p className="sub">
          Audit: {data.audit.map((a) => `${a.kind}${a.repId ? ` (${a.repId})` : ""}`).join(", ")}
        </p>
      ) : null}
    </section>
  );
}

/** Routing decisions with their trail, by rule and owner, and round-robin pool fairness. */
export function RoutingPage() {
  const summary = useApi(() => api<Summary>("/v1/routing"), "routing");
  const [offset, setOffset] = useState(0);
  const [owner, setOwner] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const page = useApi(
    () =>
      api<{ total: number; rows: Decision[] }>(
        `/v1/routing/decisions${qs({ owner, limit: PAGE, offset })}`,
      ),
    `${owner}:${offset}`,
  );
  if (summary.error) return <ErrorBox error={summary.error} />;
  if (summary.loading || !summary.data) return <Loading what="routing" />;
  const s = summary.data;
  if (!s.enabled || s.decisions === 0)
    return (
      <>
        <h1>Routing</h1>
        <Empty
          title={s.enabled ? "No lead routed yet" : "This server does not route leads"}
          run={
            s.enabled
              ? "curl -X POST /v1/leads with a lead (see README: lead routing)"
              : "paydirt serve --db STORE (it routes leads and serves this app)"
          }
        >
          <p>Routing decisions with their trail and pool fairness will show here.</p>
        </Empty>
      </>
    );
  return (
    <>
      <h1>Routing</h1>
      <section className="cards" aria-label="Key figures">
        <div className="card">
          <span className="card-label">Leads routed</span>
          <span className="card-value" data-testid="figure-routed">
            {fmt.int(s.decisions)}
          </span>
          <span className="card-note">config version {s.configVersion ?? "–"}</span>
        </div>
        <div className="card">
          <span className="card-label">Left in a queue</span>
          <span className="card-value" data-testid="figure-queued">
            {fmt.int(s.queued)}
          </span>
        </div>
        {s.pools.map((p) => (
          <div className="card" key={p.id}>
            <span className="card-label">Pool {p.id}: fairness</span>
            <span className="card-value">{fmt.pct(p.maxDeviation)}</span>
            <span className="card-note">
              largest gap to a member's weighted share over {fmt.int(p.turns)} turns
            </span>
          </div>
        ))}
      </section>
      <div className="side-by-side">
        <table className="grid" data-testid="by-rule">
          <caption>Decisions by rule</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Decisions</th>
            </tr>
          </thead>
          <tbody>
            {s.byRule.map((r) => (
              <tr key={r.rule}>
                <th scope="row">{r.rule}</th>
                <td>{fmt.int(r.decisions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {s.pools.map((p) => (
          <table className="grid" key={p.id} data-testid={`pool-${p.id}`}>
            <caption>Pool {p.id}</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Weight</th>
                <th scope="col">Turns</th>
                <th scope="col">Share</th>
                <th scope="col">Weighted share</th>
              </tr>
            </thead>
            <tbody>
              {p.members.map((m) => (
                <tr key={m.rep_id}>
                  <th scope="row">{m.rep_id}</th>
                  <td>{fmt.num(m.weight, 1)}</td>
                  <td>{fmt.int(m.turns)}</td>
                  <td>{fmt.pct(m.share)}</td>
                  <td>{fmt.pct(m.expectedShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <section aria-labelledby="decisions-h">
        <h2 id="decisions-h">Decisions, newest first</h2>
        <div className="plan-pick">
          <label htmlFor="r-owner">Owner</label>
          <select
            id="r-owner"
            value={owner}
            onChange={(e) => {
              setOwner(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">all</option>
            {s.byOwner.map((o) => (
              <option key={o.owner_id} value={o.owner_id}>
                {o.owner_id} ({o.decisions})
              </option>
            ))}
          </select>
        </div>
        {page.error ? <ErrorBox error={page.error} /> : null}
        {page.data ? (
          <>
            <p data-testid="decisions-status">
              {fmt.int(page.data.total)} decisions; showing {fmt.int(offset + 1)}–
              {fmt.int(Math.min(offset + PAGE, page.data.total))}
            </p>
            <table className="grid" data-testid="decisions">
              <thead>
                <tr>
                  <th scope="col">Lead</th>
                  <th scope="col">Decided</th>
                  <th scope="col">Account</th>
                  <th scope="col">Match</th>
                  <th scope="col">Owner / queue</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {page.data.rows.map((d) => (
                  <tr key={d.lead_id}>
                    <th scope="row">
                      <button
                        type="button"
                        className="link"
                        aria-expanded={open === d.lead_id}
                        onClick={() => setOpen(open === d.lead_id ? null : d.lead_id)}
                      >
                        {d.lead_id}
                      </button>
                    </th>
                    <td>{d.decided_at.replace("T", " ").slice(0, 19)}</td>
                    <td>{d.account_id ?? "–"}</td>
                    <td>{fmt.pct(d.match_confidence, 0)}</td>
                    <td>{d.owner_id ?? `queue ${d.queue ?? "–"}`}</td>
                    <td>{d.rule}</td>
                    <td>{d.reasons.join("; ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="map-actions">
              <button
                type="button"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Newer
              </button>
              <button
                type="button"
                disabled={offset + PAGE >= page.data.total}
                onClick={() => setOffset(offset + PAGE)}
              >
                Older
              </button>
            </div>
          </>
        ) : (
          <Loading what="decisions" />
        )}
        {open ? <TrailOf lead={open} /> : null}
      </section>
    </>
  );
}
