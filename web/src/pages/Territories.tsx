import { useEffect, useMemo, useRef, useState } from "react";
import type { PlanReport } from "../../../src/core/planning/report";
import {
  fromPortable,
  type PortableScenario,
  reportPlan,
} from "../../../src/core/planning/scenario/portable";
import { decodePortable } from "../../../src/core/planning/scenario/portable-bytes";
import { api, apiBytes, qs } from "../api";
import { BalanceBars } from "../components/BalanceBars";
import { Empty, ErrorBox, fmt, Loading, useApi } from "../components/common";
import { UsMap } from "../components/UsMap";
import type { Comparison, PlanDetail, PlanListItem } from "../types";

/** Distinct colours for many reps (golden-angle hues, two lightness levels). */
export function repColors(n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => `hsl(${Math.round((i * 137.508) % 360)} 70% ${i % 2 ? 38 : 50}%)`,
  );
}

/** Sequential blues for a measure's fills, light to dark. */
const BLUES = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"];

/**
 * County fills: each county's owner (the rep of most of its accounts under the current plan) or
 * the sum of a measure over its units, in seven quantile classes; and a legend.
 */
export function countyFills(
  s: Pick<PortableScenario, "unitOf" | "repIds" | "measures" | "measureNames">,
  areas: readonly (string | null)[],
  assign: Int32Array,
  by: "owner" | number,
): { colors: Map<string, string>; legend: { label: string; color: string }[] } {
  const colors = new Map<string, string>();
  if (by === "owner") {
    const palette = repColors(s.repIds.length);
    const counts = new Map<string, Map<number, number>>();
    areas.forEach((a, i) => {
      const rep = assign[s.unitOf[i] ?? -1] ?? -1;
      if (a === null || rep < 0) return;
      const c = counts.get(a) ?? new Map<number, number>();
      counts.set(a, c);
      c.set(rep, (c.get(rep) ?? 0) + 1);
    });
    for (const [a, c] of counts) {
      let best = -1;
      let most = 0;
      for (const [rep, n] of c) if (n > most || (n === most && rep < best)) [best, most] = [rep, n];
      colors.set(a, palette[best] ?? "#888");
    }
    return { colors, legend: [] };
  }
  // A unit's measure counts once, in the area of its first account.
  const m = s.measureNames.length;
  const seen = new Set<number>();
  const sums = new Map<string, number>();
  areas.forEach((a, i) => {
    const u = s.unitOf[i] ?? -1;
    if (a === null || u < 0 || seen.has(u)) return;
    seen.add(u);
    sums.set(a, (sums.get(a) ?? 0) + (s.measures[u * m + by] ?? 0));
  });
  const values = [...sums.values()].sort((x, y) => x - y);
  const cuts = BLUES.slice(1).map(
    (_, k) => values[Math.floor(((k + 1) * values.length) / BLUES.length)] ?? 0,
  );
  const classOf = (v: number) => cuts.filter((c) => v >= c).length;
  for (const [a, v] of sums) colors.set(a, BLUES[classOf(v)] ?? BLUES[0] ?? "#ccc");
  const fmtCut = (v: number) => fmt.num(v, v >= 100 ? 0 : 2);
  const legend = BLUES.map((color, k) => ({
    color,
    label:
      k === 0
        ? `< ${fmtCut(cuts[0] ?? 0)}`
        : k === BLUES.length - 1
          ? `≥ ${fmtCut(cuts[k - 1] ?? 0)}`
          : `${fmtCut(cuts[k - 1] ?? 0)} – ${fmtCut(cuts[k] ?? 0)}`,
  }));
  return { colors, legend };
}

/** The binary plan model (src/core/planning/scenario/portable-bytes.ts). */
const SCENARIO_BYTES = "application/vnd.paydirt.scenario";

/** Run `f` after the browser has painted (idle time when it has some). */
function afterPaint(f: () => void): () => void {
  let idle = 0;
  const t = setTimeout(() => {
    idle =
      typeof requestIdleCallback === "function"
        ? requestIdleCallback(f, { timeout: 200 })
        : (setTimeout(f, 0) as unknown as number);
  }, 0);
  return () => {
    clearTimeout(t);
    if (idle && typeof cancelIdleCallback === "function") cancelIdleCallback(idle);
  };
}

function Editor({
  plan,
  names,
  onSaved,
}: {
  plan: string;
  names: Map<string, string | null>;
  onSaved: (name: string) => void;
}) {
  // The model as bytes (no text to parse) with the report of the plan as the server rebuilt it:
  // the map, legend and bars draw from these at once; the problem is rebuilt for edits after.
  const model = useApi(async () => {
    const d = decodePortable(
      await apiBytes(`/v1/plans/${encodeURIComponent(plan)}/model`, SCENARIO_BYTES),
    );
    const extra = d.extra as { report: PlanReport; areas?: (string | null)[] };
    return { scenario: d.scenario, report: extra.report, areas: extra.areas ?? [] };
  }, plan);
  const [built, setBuilt] = useState<ReturnType<typeof fromPortable> | null>(null);
  const builtRef = useRef<ReturnType<typeof fromPortable> | null>(null);
  const build = () => {
    if (!model.data) return null;
    builtRef.current ??= fromPortable(model.data.scenario);
    return builtRef.current;
  };
  const [assign, setAssign] = useState<Int32Array | null>(null);
  const [moves, setMoves] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<number | null>(null);
  const [lasso, setLasso] = useState(false);
  const [version, setVersion] = useState(0);
  const [saveName, setSaveName] = useState(`${plan}-edit`);
  const [saved, setSaved] = useState<{ name: string; status: string; moved: number } | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  /** County fills: none, by owner, or by a measure's index. */
  const [fillBy, setFillBy] = useState<"none" | "owner" | number>("none");
  const fill = useMemo(
    () =>
      model.data && assign && fillBy !== "none"
        ? countyFills(model.data.scenario, model.data.areas, assign, fillBy)
        : null,
    [model.data, assign, fillBy],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: build reads model.data
  useEffect(() => {
    builtRef.current = null;
    setBuilt(null);
    setAssign(model.data ? Int32Array.from(model.data.scenario.assign) : null);
    setMoves({});
    setSaved(null);
    setSelected(null);
    if (!model.data) return;
    // Rebuild the problem once the first picture is on screen, and run the report once so that
    // the first edit's re-check is as quick as the next ones.
    return afterPaint(() => {
      const b = build();
      if (!b) return;
      reportPlan(b.problem, b.rules, b.assign);
      setBuilt(b);
    });
  }, [model.data]);
  const checked = useMemo(() => {
    if (!model.data || !assign) return null;
    if (!Object.keys(moves).length) return { report: model.data.report, ms: null };
    const b = builtRef.current;
    if (!b) return null;
    const t0 = performance.now();
    const r = reportPlan(b.problem, b.rules, assign);
    return { report: r, ms: performance.now() - t0 };
  }, [model.data, assign, moves]);
  const report = checked?.report ?? null;
  const checkMs = checked?.ms ?? null;
  // The stored plan's objective: the report before any move.
  const baseObjective = model.data?.report.objective ?? null;
  if (model.error) return <ErrorBox error={model.error} />;
  if (model.loading || !model.data || !assign || !report) return <Loading what="the plan's map" />;
  const m = model.data.scenario;
  const colors = repColors(m.repIds.length);
  const label = (r: number) => m.repIds[r] ?? String(r);
  const pick = (indices: number[]) => {
    if (selected === null) return;
    // A click before the idle rebuild: rebuild now.
    if (!build()) return;
    const next = Int32Array.from(assign);
    const mv = { ...moves };
    for (const i of indices) {
      const u = m.unitOf[i] ?? -1;
      if (u < 0 || next[u] === selected) continue;
      next[u] = selected;
      const id = m.accountIds[i];
      if (id) mv[id] = m.repIds[selected] ?? "";
    }
    setAssign(next);
    setMoves(mv);
    setVersion((v) => v + 1);
  };
  const moved = Object.keys(moves).length;
  const tolerances = m.config.measures.map((s) => s.tolerance ?? null);
  const bars = report.books.map((b) => ({
    id: m.repIds[b.rep] ?? String(b.rep),
    label: label(b.rep),
    color: colors[b.rep] ?? "#888",
    ofTarget: b.ofTarget,
  }));
  const termValue = (rep: typeof report, name: string) =>
    rep.terms.find((t) => t.name.startsWith(name))?.value;
  const save = async () => {
    setSaveError(null);
    try {
      const r = await api<{ name: string; status: string; moved: number }>(
        `/v1/plans/${encodeURIComponent(plan)}/edits`,
        { method: "POST", body: JSON.stringify({ name: saveName, moves, replace: false }) },
      );
      setSaved(r);
      onSaved(r.name);
    } catch (err) {
      setSaveError(err);
    }
  };
  return (
    <div className="territories" data-ready={built ? "edits" : "drawn"}>
      <section className="map-col" aria-label="Map">
        <p className="hint">
          {selected === null
            ? "Select a rep (legend or bars) to highlight the patch; then click accounts (or lasso) to give them to that rep."
            : `Giving accounts to ${label(selected)}: click an account${lasso ? ", or drag around several" : ""}.`}
        </p>
        <UsMap
          points={m}
          colorIndex={(i) => assign[m.unitOf[i] ?? -1] ?? -1}
          colors={colors}
          highlight={selected}
          lasso={lasso}
          onPick={pick}
          version={version}
          fills={fill?.colors ?? null}
        />
        {fill?.legend.length ? (
          <ul className="fill-legend" aria-label="County fill legend" data-testid="fill-legend">
            {fill.legend.map((l) => (
              <li key={l.label}>
                <span
                  className="swatch"
                  ref={(el) => el?.style.setProperty("background", l.color)}
                />
                {l.label}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="map-actions">
          <label>
            <input type="checkbox" checked={lasso} onChange={(e) => setLasso(e.target.checked)} />{" "}
            Lasso (drag to select several)
          </label>
          <label htmlFor="fill-by">Fill counties by</label>
          <select
            id="fill-by"
            value={String(fillBy)}
            disabled={!model.data.areas.some((a) => a !== null)}
            onChange={(e) =>
              setFillBy(
                e.target.value === "none" || e.target.value === "owner"
                  ? e.target.value
                  : Number(e.target.value),
              )
            }
          >
            <option value="none">nothing (dots only)</option>
            <option value="owner">owner (most accounts)</option>
            {m.measureNames.map((name, k) => (
              <option key={name} value={k}>
                {name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!moved}
            onClick={() => {
              setAssign(Int32Array.from(m.assign));
              setMoves({});
              setVersion((v) => v + 1);
            }}
          >
            Undo all moves
          </button>
        </div>
        <section aria-label="Legend" className="legend">
          <h2>Reps</h2>
          <ul>
            {m.repIds.map((id, r) => (
              <li key={id}>
                <button
                  type="button"
                  className={selected === r ? "rep selected" : "rep"}
                  aria-pressed={selected === r}
                  onClick={() => setSelected(selected === r ? null : r)}
                  data-rep={id}
                >
                  <span
                    className={`swatch c${r}`}
                    ref={(el) => el?.style.setProperty("background", colors[r] ?? "#888")}
                  />
                  {id}
                  {names.get(id) ? ` ${names.get(id)}` : ""} · {fmt.int(report.books[r]?.units)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      </section>
      <section className="side-col" aria-label="Balance">
        <h2>Balance</h2>
        <dl className="figures" data-testid="plan-figures">
          <dt>Accounts moved by hand</dt>
          <dd data-testid="moved">{fmt.int(moved)}</dd>
          <dt>Objective</dt>
          <dd data-testid="objective">
            {fmt.num(report.objective, 4)} <small>(was {fmt.num(baseObjective, 4)})</small>
          </dd>
          <dt>Balance</dt>
          <dd>{fmt.num(termValue(report, "balance"), 4)}</dd>
          <dt>Compactness</dt>
          <dd>{fmt.num(termValue(report, "compactness"), 4)}</dd>
          <dt>Disruption</dt>
          <dd>{fmt.num(termValue(report, "disruption"), 4)}</dd>
          <dt>Changing owner</dt>
          <dd>{fmt.pct(report.movedUnits)}</dd>
          <dt>Re-checked in</dt>
          <dd data-testid="check-ms">{checkMs === null ? "–" : `${checkMs.toFixed(0)} ms`}</dd>
        </dl>
        <div className={report.valid ? "ok" : "violations"} data-testid="violations" role="status">
          {report.valid ? (
            "Every constraint holds."
          ) : (
            <>
              <strong>{report.issues.length} violation(s)</strong>
              <ul>
                {report.issues.slice(0, 12).map((i) => (
                  <li key={`${i.code}:${i.message}`}>{i.message}</li>
                ))}
              </ul>
            </>
          )}
        </div>
        <BalanceBars
          measures={m.measureNames}
          tolerances={tolerances}
          reps={bars}
          highlight={selected === null ? null : (m.repIds[selected] ?? null)}
          onSelect={(id) => {
            const r = m.repIds.indexOf(id);
            setSelected(selected === r ? null : r);
          }}
        />
        <form
          className="save"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label htmlFor="save-name">Save as scenario</label>
          <input id="save-name" value={saveName} onChange={(e) => setSaveName(e.target.value)} />
          <button type="submit" disabled={!moved || !saveName.trim()}>
            Save
          </button>
        </form>
        {saveError ? <ErrorBox error={saveError} /> : null}
        {saved ? (
          <p className="saved" role="status" data-testid="saved">
            Saved {saved.name} ({saved.status}, {saved.moved} moved). See it with{" "}
            <code>paydirt plan show {saved.name}</code>.
          </p>
        ) : null}
      </section>
    </div>
  );
}

function Compare({ plans }: { plans: PlanListItem[] }) {
  const [a, setA] = useState(plans[1]?.name ?? plans[0]?.name ?? "");
  const [b, setB] = useState(plans[0]?.name ?? "");
  const [cmp, setCmp] = useState<Comparison | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setError(null);
    try {
      setCmp(await api<Comparison>(`/v1/plans/compare${qs({ a, b, limit: 200 })}`));
    } catch (err) {
      setError(err);
    }
  };
  const side = (p: PlanDetail) => (
    <div>
      <h3>{p.name}</h3>
      <dl>
        <dt>Status</dt>
        <dd>
          {p.status} ({p.solver})
        </dd>
        <dt>Objective</dt>
        <dd>{fmt.num(p.objective, 4)}</dd>
        {p.measures.map((x) => (
          <div key={x.name}>
            <dt>{x.name}: worst deviation</dt>
            <dd>{fmt.pct(x.worstDeviation)}</dd>
          </div>
        ))}
        <dt>Changing owner</dt>
        <dd>{fmt.pct(p.movedUnits)}</dd>
      </dl>
    </div>
  );
  return (
    <section aria-label="Compare scenarios" className="compare">
      <h2>Compare two scenarios</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label htmlFor="cmp-a">A</label>
        <select id="cmp-a" value={a} onChange={(e) => setA(e.target.value)}>
          {plans.map((p) => (
            <option key={p.name}>{p.name}</option>
          ))}
        </select>
        <label htmlFor="cmp-b">B</label>
        <select id="cmp-b" value={b} onChange={(e) => setB(e.target.value)}>
          {plans.map((p) => (
            <option key={p.name}>{p.name}</option>
          ))}
        </select>
        <button type="submit">Compare</button>
      </form>
      {error ? <ErrorBox error={error} /> : null}
      {cmp ? (
        <>
          <div className="side-by-side">
            {side(cmp.a)}
            {side(cmp.b)}
          </div>
          <p data-testid="differing">{fmt.int(cmp.differing)} accounts have a different owner.</p>
          {cmp.moved.length ? (
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Owner in {cmp.a.name}</th>
                  <th scope="col">Owner in {cmp.b.name}</th>
                  <th scope="col">Why (in {cmp.b.name})</th>
                </tr>
              </thead>
              <tbody>
                {cmp.moved.map((r) => (
                  <tr key={r.account_id}>
                    <th scope="row">{r.account_id}</th>
                    <td>{r.owner_a ?? "–"}</td>
                    <td>{r.owner_b ?? "–"}</td>
                    <td>{r.reason_b ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

export function Territories() {
  const [reload, setReload] = useState(0);
  const list = useApi(() => api<{ plans: PlanListItem[] }>("/v1/plans"), `plans${reload}`);
  const [plan, setPlan] = useState<string | null>(null);
  const reps = useApi(
    () => (plan ? api<PlanDetail>(`/v1/plans/${encodeURIComponent(plan)}`) : Promise.resolve(null)),
    `detail-${plan}`,
  );
  const plans = list.data?.plans ?? [];
  useEffect(() => {
    if (!plan && plans[0]) setPlan(plans[0].name);
  }, [plan, plans]);
  if (list.error) return <ErrorBox error={list.error} />;
  if (list.loading && !list.data) return <Loading what="plans" />;
  if (!plans.length)
    return (
      <>
        <h1>Territories</h1>
        <Empty
          title="No territory plan yet"
          run="paydirt plan create NAME --config plan.json (or npm run demo)"
        />
      </>
    );
  const names = new Map((reps.data?.reps ?? []).map((r) => [r.id, r.name]));
  return (
    <>
      <h1>Territories</h1>
      <div className="plan-pick">
        <label htmlFor="plan">Plan</label>
        <select id="plan" value={plan ?? ""} onChange={(e) => setPlan(e.target.value)}>
          {plans.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} ({p.status}, {p.solver})
            </option>
          ))}
        </select>
        {reps.data ? (
          <span className="sub">
            stored objective {fmt.num(reps.data.objective, 4)}; {reps.data.notes.length} note(s)
          </span>
        ) : null}
      </div>
      {reps.error ? <ErrorBox error={reps.error} /> : null}
      {plan ? (
        <Editor key={plan} plan={plan} names={names} onSaved={() => setReload((n) => n + 1)} />
      ) : null}
      <Compare key={`compare:${plans.map((p) => p.name).join()}`} plans={plans} />
    </>
  );
}
