import { Empty } from "../components/common";

const LATER: Record<string, { title: string; run: string; what: string }> = {
  "/forecast": {
    title: "Deals and forecast",
    run: "paydirt forecast",
    what: "The forecast fan chart and each deal's path over the won and lost bands will show here.",
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
