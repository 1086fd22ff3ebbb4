import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import { api, qs } from "../api";
import { Empty, ErrorBox, fmt, Loading, useApi } from "../components/common";
import type { Facets, TargetAccount, TargetPage } from "../types";

const PAGE = 200;
const ROW_HEIGHT = 34;
const features = tableFeatures({});
const col = createColumnHelper<typeof features, TargetAccount>();
const columns = col.columns([
  col.accessor("rank", { header: "Rank", cell: (c) => fmt.int(c.getValue()) }),
  col.accessor("account_id", { header: "Account" }),
  col.accessor("name", { header: "Name" }),
  col.accessor("tier", { header: "Tier" }),
  col.accessor("priority", { header: "Priority", cell: (c) => fmt.money(c.getValue()) }),
  col.accessor("value", { header: "Value", cell: (c) => fmt.money(c.getValue()) }),
  col.accessor("fit", { header: "Fit", cell: (c) => fmt.pct(c.getValue(), 0) }),
  col.accessor("in_market", { header: "In market", cell: (c) => (c.getValue() ? "yes" : "") }),
  col.accessor("industry", { header: "Industry" }),
  col.accessor("size_band", { header: "Size" }),
  col.accessor("region", { header: "Region" }),
  col.accessor("owner_id", { header: "Owner" }),
]);
/** Columns the server sorts by (header id -> sort key). */
const SORTABLE: Record<string, string> = {
  rank: "rank",
  account_id: "account_id",
  name: "name",
  priority: "priority",
  value: "value",
  fit: "fit",
};

interface Filters {
  tier: string[];
  industry: string[];
  sizeBand: string[];
  region: string[];
  owner: string[];
  inMarket: "" | "true" | "false";
  q: string;
}
const NO_FILTERS: Filters = {
  tier: [],
  industry: [],
  sizeBand: [],
  region: [],
  owner: [],
  inMarket: "",
  q: "",
};

function Choice({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: string[];
  value: string[];
  onChange: (v: string[]) => void;
}) {
  const id = `f-${label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value[0] ?? ""}
        onChange={(e) => onChange(e.target.value ? [e.target.value] : [])}
      >
        <option value="">all</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TargetAccounts() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<{ key: string; dir: "asc" | "desc" }>({
    key: "rank",
    dir: "asc",
  });
  const [selected, setSelected] = useState<TargetAccount | null>(null);
  const facets = useApi(() => api<Facets>("/v1/target-accounts/facets"), "facets");
  // Debounced search.
  useEffect(() => {
    const t = setTimeout(() => setFilters((f) => ({ ...f, q: search })), 250);
    return () => clearTimeout(t);
  }, [search]);
  const query = useMemo(() => ({ ...filters, sort: sort.key, dir: sort.dir }), [filters, sort]);
  const key = JSON.stringify(query);
  // Pages by index for the current query; the total from the first answer.
  const [pages, setPages] = useState<{
    key: string;
    total: number | null;
    rows: Map<number, TargetAccount[]>;
  }>({
    key: "",
    total: null,
    rows: new Map(),
  });
  const [error, setError] = useState<unknown>(null);
  const pending = useRef(new Set<string>());
  const fetchPage = (p: number) => {
    const id = `${key}#${p}`;
    if (pending.current.has(id)) return;
    pending.current.add(id);
    api<TargetPage>(`/v1/target-accounts${qs({ ...query, limit: PAGE, offset: p * PAGE })}`).then(
      (page) =>
        setPages((cur) => {
          const base = cur.key === key ? cur : { key, total: null, rows: new Map() };
          const rows = new Map(base.rows);
          rows.set(p, page.rows);
          return { key, total: page.total, rows };
        }),
      (err: unknown) => setError(err),
    );
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts from page 0
  useEffect(() => {
    setError(null);
    pending.current.clear();
    setPages({ key, total: null, rows: new Map() });
    fetchPage(0);
  }, [key]);
  const total = pages.key === key ? (pages.total ?? 0) : 0;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: fetch the pages the window shows
  useEffect(() => {
    if (!total) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++)
      if (!pages.rows.has(p)) fetchPage(p);
  }, [first, last, total, key]);
  const rowAt = (i: number) => pages.rows.get(Math.floor(i / PAGE))?.[i % PAGE];
  const visible = items.map((it) => rowAt(it.index)).filter((r): r is TargetAccount => !!r);
  const table = useTable({ features, columns, data: visible, getRowId: (r) => r.account_id });
  const rows = table.getRowModel().rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const f = facets.data;
  if (facets.error) return <ErrorBox error={facets.error} />;
  if (facets.loading || !f) return <Loading what="the target account list" />;
  if (!f.asOf)
    return (
      <>
        <h1>Target accounts</h1>
        <Empty title="No target account list saved yet" run="paydirt tal --save" />
      </>
    );
  const set = (k: keyof Filters) => (v: string[]) => setFilters((cur) => ({ ...cur, [k]: v }));
  return (
    <>
      <h1>Target accounts</h1>
      <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <div className="filter">
          <label htmlFor="f-search">Search</label>
          <input
            id="f-search"
            type="search"
            placeholder="account id or name"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <Choice label="Tier" options={f.tier} value={filters.tier} onChange={set("tier")} />
        <Choice
          label="Industry"
          options={f.industry}
          value={filters.industry}
          onChange={set("industry")}
        />
        <Choice
          label="Size"
          options={f.sizeBand}
          value={filters.sizeBand}
          onChange={set("sizeBand")}
        />
        <Choice label="Region" options={f.region} value={filters.region} onChange={set("region")} />
        <Choice label="Owner" options={f.owner} value={filters.owner} onChange={set("owner")} />
        <div className="filter">
          <label htmlFor="f-market">In market</label>
          <select
            id="f-market"
            value={filters.inMarket}
            onChange={(e) =>
              setFilters((cur) => ({ ...cur, inMarket: e.target.value as Filters["inMarket"] }))
            }
          >
            <option value="">all</option>
            <option value="true">in market</option>
            <option value="false">not in market</option>
          </select>
        </div>
      </form>
      <p className="sub" aria-live="polite" data-testid="list-status">
        {pages.total === null ? "loading…" : `${fmt.int(total)} accounts`} on the list of {f.asOf}
        {total ? `; showing ${fmt.int(first + 1)}–${fmt.int(Math.min(last + 1, total))}` : ""}
      </p>
      {error ? <ErrorBox error={error} /> : null}
      <div className="list-and-detail">
        <div className="scroller" ref={scroller} data-testid="account-scroller">
          <table className="grid accounts">
            <thead>
              {table.getHeaderGroups().map((hg) => (
                <tr key={hg.id}>
                  {hg.headers.map((h) => {
                    const sk = SORTABLE[h.column.id];
                    const active = sk && sort.key === sk;
                    return (
                      <th
                        key={h.id}
                        scope="col"
                        aria-sort={
                          active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined
                        }
                      >
                        {sk ? (
                          <button
                            type="button"
                            className="sort"
                            onClick={() =>
                              setSort((s) =>
                                s.key === sk
                                  ? { key: sk, dir: s.dir === "asc" ? "desc" : "asc" }
                                  : {
                                      key: sk,
                                      dir:
                                        sk === "rank" || sk === "name" || sk === "account_id"
                                          ? "asc"
                                          : "desc",
                                    },
                              )
                            }
                          >
                            <table.FlexRender header={h} />
                            {active ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}
                          </button>
                        ) : (
                          <table.FlexRender header={h} />
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody>
              {padTop > 0 ? (
                <tr className="pad" ref={(el) => el?.style.setProperty("height", `${padTop}px`)} />
              ) : null}
              {items.map((it) => {
                const data = rowAt(it.index);
                const row = data ? byId.get(data.account_id) : undefined;
                if (!data || !row)
                  return (
                    <tr key={`l${it.index}`} className="loading-row">
                      <td colSpan={columns.length}>…</td>
                    </tr>
                  );
                return (
                  <tr
                    key={data.account_id}
                    data-rank={data.rank}
                    className={selected?.account_id === data.account_id ? "selected" : undefined}
                    onClick={() => setSelected(data)}
                  >
                    {row.getAllCells().map((cell) => (
                      <td key={cell.id}>
                        {cell.column.id === "account_id" ? (
                          <button type="button" className="link" onClick={() => setSelected(data)}>
                            {data.account_id}
                          </button>
                        ) : (
                          <table.FlexRender cell={cell} />
                        )}
                      </td>
                    ))}
                  </tr>
                );
              })}
              {padBottom > 0 ? (
                <tr
                  className="pad"
                  ref={(el) => el?.style.setProperty("height", `${padBottom}px`)}
                />
              ) : null}
            </tbody>
          </table>
          {pages.total === 0 ? (
            <p className="empty-inline">No account matches these filters.</p>
          ) : null}
        </div>
        <aside className="detail" aria-label="Account explanation">
          {selected ? (
            <>
              <h2>
                {selected.name ?? selected.account_id} <small>({selected.account_id})</small>
              </h2>
              <dl>
                <dt>Rank</dt>
                <dd>
                  {fmt.int(selected.rank)} (tier {selected.tier ?? "–"})
                </dd>
                <dt>Priority</dt>
                <dd>{fmt.money(selected.priority)}</dd>
                <dt>Motion</dt>
                <dd>{selected.motion ?? "–"}</dd>
                <dt>Owner</dt>
                <dd>{selected.owner_id ?? "–"}</dd>
              </dl>
              <p data-testid="explanation">{selected.explanation ?? "no explanation stored"}</p>
            </>
          ) : (
            <p>Select an account to see why it ranks where it does.</p>
          )}
        </aside>
      </div>
    </>
  );
}
