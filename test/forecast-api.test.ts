/**
 * Stored forecasts (`paydirt forecast --save`, migration 9) and their read endpoints in-process
 * (`app.request`, no sockets) on a small synthetic store: the token is required; the stored groups
 * are exactly the rows `--json` writes for the same run; groups sum up the hierarchy; coverage
 * rows follow their definition (flagged below the multiple, gap = multiple x quota left -
 * qualified); the fan is ordered; saving again under a name replaces it; unknown names are coded
 * 404s, bad queries 400s; both routes are in /openapi.json; a store without forecasts lists none.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listForecasts } from "../src/io/forecast/saved.js";
import { Store } from "../src/io/store/store.js";
import { createApp } from "../src/server/app.js";
import { ForecastDetail, ForecastList } from "../src/server/resources/forecasts.js";
import { StoreHandle } from "../src/server/store-handle.js";
import { WEB_RESOURCES } from "../src/server/web.js";
import { cli, cliError, synthesiseAndImport } from "./run-cli.js";

const TOKEN = "api-token-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };
const dir = mkdtempSync(join(tmpdir(), "paydirt-forecast-api-"));
const db = join(dir, "store.duckdb");
const json = join(dir, "q2.json");
let handle: StoreHandle;
let app: ReturnType<typeof createApp>;

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const r = await app.request(path, { headers: auth });
  return { status: r.status, body: (await r.json()) as T };
}

type Detail = ReturnType<typeof ForecastDetail.parse>;
type List = ReturnType<typeof ForecastList.parse>;

beforeAll(async () => {
  const market = join(dir, "market");
  await synthesiseAndImport(market, db, { accounts: 1500, reps: 12, seed: 5 });
  // An import leaves no forecast.
  const empty = await Store.open(db, "read");
  try {
    expect(await listForecasts(empty.db)).toEqual([]);
  } finally {
    empty.close();
  }
  for (const [asOf, name, extra] of [
    ["2026-05-15", "q2", ["--json", json]],
    ["2026-02-10", undefined, ["--multiple", "3"]],
  ] as const) {
    const f = await cli(
      "forecast",
      "--db",
      db,
      "--as-of",
      asOf,
      "--draws",
      "500",
      "--save",
      ...(name ? ["--name", name] : []),
      ...extra,
    );
    expect(f.code, f.err).toBe(0);
    expect(f.out).toContain(`saved forecast ${name ?? `forecast-${asOf}`}`);
  }
  handle = new StoreHandle(db);
  app = createApp({ store: handle, routing: null }, { token: TOKEN, resources: WEB_RESOURCES });
}, 600_000);

afterAll(async () => {
  await handle?.close();
  expect(Store.openFiles()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

describe("stored forecasts API", () => {
  it("refuses both routes without the token", async () => {
    for (const path of ["/v1/forecasts", "/v1/forecasts/q2"]) {
      expect((await app.request(path)).status, path).toBe(401);
    }
  });

  it("lists the stored forecasts, newest first, with the company's quantiles per quarter", async () => {
    const { status, body } = await get<List>("/v1/forecasts");
    expect(status).toBe(200);
    expect(ForecastList.safeParse(body).success).toBe(true);
    expect(body.forecasts.map((f) => f.name)).toEqual(["forecast-2026-02-10", "q2"]);
    const q2 = body.forecasts[1];
    expect(q2?.as_of).toBe("2026-05-15");
    expect(q2?.periods).toEqual(["2026-Q2", "2026-Q3"]);
    expect(q2?.draws).toBe(500);
    expect(q2?.company.map((c) => c.period)).toEqual(["2026-Q2", "2026-Q3"]);
    for (const c of q2?.company ?? []) {
      expect(c.p10).toBeLessThanOrEqual(c.p50);
      expect(c.p50).toBeLessThanOrEqual(c.p90);
    }
    const one = await get<List>("/v1/forecasts?limit=1");
    expect(one.body.forecasts.map((f) => f.name)).toEqual(["forecast-2026-02-10"]);
  });

  it("stores exactly the rows --json writes for the same run", async () => {
    const { status, body } = await get<Detail>("/v1/forecasts/q2");
    expect(status).toBe(200);
    expect(ForecastDetail.safeParse(body).success).toBe(true);
    const written = JSON.parse(readFileSync(json, "utf8")) as Detail["groups"];
    const key = (g: { by: string; key: string; period: string }) =>
      `${g.by}\u0000${g.key}\u0000${g.period}`;
    const stored = new Map(body.groups.map((g) => [key(g), g]));
    expect(stored.size).toBe(written.length);
    for (const w of written) {
      const g = stored.get(key(w));
      expect(g, key(w)).toBeDefined();
      for (const f of [
        "won_to_date",
        "open_expected",
        "new_expected",
        "mean",
        "p10",
        "p50",
        "p90",
      ] as const)
        expect(g?.[f]).toBeCloseTo(w[f], 6);
      expect(g?.quota ?? null).toEqual(w.quota ?? null);
      expect(g?.open_deals).toBe(w.open_deals);
    }
    expect(body.forecast.open_deals).toBe(
      written.filter((w) => w.by === "company" && w.period === "2026-Q2")[0]?.open_deals,
    );
  });

  it("sums the expected parts of the reps up to the company", async () => {
    const { body } = await get<Detail>("/v1/forecasts/q2");
    for (const period of body.forecast.periods) {
      const rows = body.groups.filter((g) => g.period === period);
      const company = rows.find((g) => g.by === "company");
      for (const by of ["rep", "team", "region"] as const) {
        const level = rows.filter((g) => g.by === by);
        expect(level.length).toBeGreaterThan(0);
        for (const f of ["won_to_date", "open_expected", "new_expected"] as const)
          expect(level.reduce((s, g) => s + g[f], 0)).toBeCloseTo(company?.[f] ?? Number.NaN, 3);
        expect(level.reduce((s, g) => s + g.open_deals, 0)).toBe(company?.open_deals);
      }
    }
    const reps = await get<Detail>("/v1/forecasts/q2?by=rep");
    expect(new Set(reps.body.groups.map((g) => g.by))).toEqual(new Set(["rep"]));
    expect(reps.body.groups.length).toBe(body.groups.filter((g) => g.by === "rep").length);
  });

  it("keeps the coverage table as defined and the fan in order", async () => {
    for (const name of ["q2", "forecast-2026-02-10"]) {
      const { body } = await get<Detail>(`/v1/forecasts/${name}`);
      const m = body.forecast.multiple;
      expect(m).toBe(name === "q2" ? 4 : 3);
      expect(body.coverage.length).toBeGreaterThan(0);
      expect(new Set(body.coverage.map((c) => c.by))).toEqual(new Set(["rep", "team"]));
      for (const c of body.coverage) {
        if (c.quota === null) expect(c.remaining).toBeNull();
        else expect(c.remaining).toBeCloseTo(Math.max(0, c.quota - c.won_to_date), 6);
        if (c.remaining === null || c.remaining === 0) expect(c.coverage).toBeNull();
        else expect(c.coverage).toBeCloseTo(c.qualified / c.remaining, 9);
        expect(c.flagged).toBe(c.coverage !== null && c.coverage < m);
        if (c.flagged) expect(c.gap).toBeCloseTo(m * (c.remaining ?? 0) - c.qualified, 6);
        else expect(c.gap).toBe(0);
        if (!c.flagged) expect(c.suggestions).toEqual([]);
      }
      expect(body.fan.length).toBeGreaterThan(10);
      expect(body.fan[0]?.day).toBe(body.forecast.as_of);
      for (let k = 0; k < body.fan.length; k++) {
        const p = body.fan[k];
        if (!p) continue;
        expect(p.p10).toBeLessThanOrEqual(p.p50);
        expect(p.p50).toBeLessThanOrEqual(p.p90);
        if (k > 0) expect(p.day > (body.fan[k - 1]?.day ?? "")).toBe(true);
      }
    }
  });

  it("answers unknown names with a coded 404 and bad queries with a coded 400", async () => {
    const missing = await get<{ code: string }>("/v1/forecasts/nope");
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("forecast_not_found");
    const bad = await get<{ code: string }>("/v1/forecasts/q2?by=planet");
    expect(bad.status).toBe(400);
    const limit = await get<{ code: string }>("/v1/forecasts?limit=0");
    expect(limit.status).toBe(400);
  });

  it("publishes both routes and their schemas in /openapi.json", async () => {
    const r = await app.request("/openapi.json");
    const doc = (await r.json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/forecasts", "/v1/forecasts/{name}"]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["ForecastList", "ForecastDetail"]),
    );
  });

  it("replaces a forecast saved again under its name; --name without --save is a usage error", async () => {
    await handle.close();
    const before = await Store.open(db, "read");
    let count: number;
    try {
      count = (
        await before.db.one<{ n: number }>(
          "SELECT count(*) AS n FROM forecast_groups WHERE name = $name",
          { name: "q2" },
        )
      )?.n as number;
    } finally {
      before.close();
    }
    const f = await cli(
      "forecast",
      "--db",
      db,
      "--as-of",
      "2026-04-20",
      "--draws",
      "300",
      "--save",
      "--name",
      "q2",
    );
    expect(f.code, f.err).toBe(0);
    const { body } = await get<Detail>("/v1/forecasts/q2");
    expect(body.forecast.as_of).toBe("2026-04-20");
    expect(body.forecast.draws).toBe(300);
    const after = await Store.open(db, "read");
    try {
      const n = (
        await after.db.one<{ n: number }>(
          "SELECT count(*) AS n FROM forecast_groups WHERE name = $name",
          { name: "q2" },
        )
      )?.n;
      expect(n).toBe(body.groups.length);
      expect(n).toBeGreaterThan(0);
      expect(count).toBeGreaterThan(0);
      const heads = await after.db.one<{ n: number }>("SELECT count(*) AS n FROM forecasts");
      expect(heads?.n).toBe(2);
    } finally {
      after.close();
    }
    const e = await cliError("forecast", "--db", db, "--name", "x");
    expect(e?.kind).toBe("usage");
  });
});
