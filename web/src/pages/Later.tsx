import { Empty } from "../components/common";

const LATER: Record<string, { title: string; run: string; what: string }> = {
  "/routing": {
    title: "Routing",
    run: "paydirt serve (lead routing) and POST /v1/leads",
    what: "Routing decisions with their trail and pool fairness will show here.",
  },
  "/forecast": {
    title: "Deals and forecast",
    run: "paydirt forecast",
    what: "The forecast fan chart and each deal's path over the won and lost bands will show here.",
  },
  "/coverage": {
    title: "Coverage",
    run: "paydirt coverage",
    what: "Pipeline coverage per rep against the 4x line will show here.",
  },
  "/quotas": {
    title: "Capacity and quotas",
    run: "paydirt quota",
    what: "Quotas and each rep's chance of attaining them will show here.",
  },
};

/** Pages whose data the server does not serve yet: say what to run meanwhile. */
export function Later({ page }: { page: string }) {
  const p = LATER[page];
  if (!p) return null;
  return (
    <>
      <h1>{p.title}</h1>
      <Empty title={`No ${p.title.toLowerCase()} data served yet`} run={p.run}>
        <p>{p.what}</p>
      </Empty>
    </>
  );
}
