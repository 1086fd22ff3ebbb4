/**
 * `npm run bench -- web [--dir DIR]`: the web app's speed targets.
 * - Territories page of the 20,000-account demo (40 reps) interactive in <= 2 s: chromium opens
 *   /territories (token already in the tab) until the map, legend and balance bars are drawn, and
 *   until the plan is rebuilt in the browser for edits (first visit, and returning visits that
 *   revalidate the model); the server prepared the newest plan when it started.
 * - A reassignment re-checked in <= 100 ms: the core report of the 20,000-account plan after one
 *   move, in the browser (the page's own measurement) and in Node.
 * - A page of a 1,000,000-row target list served in <= 100 ms: /v1/target-accounts on a store
 *   whose list and accounts were grown to 1,000,000 rows (first page, deep offset, filter, search,
 *   sort), through the HTTP handler.
 * Stores are kept in DIR (default /tmp/paydirt-bench-web) between runs.
 */
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  applyMoves,
  fromPortable,
  type PortableScenario,
  reportPlan,
} from "../src/core/planning/scenario/portable.js";
import { Store } from "../src/io/store/store.js";
import { createApp } from "../src/server/app.js";
import { StoreHandle } from "../src/server/store-handle.js";
import { WEB_RESOURCES } from "../src/server/web.js";
import { buildWebApp, chromiumPath, launch, makeStore, startServer } from "../test/web/harness.js";
import { printTable } from "./table.js";

const TOKEN = "bench-token-0123456789";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** A copy of `small` grown to about `rows` accounts and list rows (suffixed ids, shifted ranks). */
async function bigList(small: string, file: string, rows: number): Promise<string> {
  if (existsSync(file)) return file;
  copyFileSync(small, file);
  const store = await Store.open(file, "write");
  try {
    const db = store.db;
    const n = (await db.one<{ n: number }>("SELECT count(*) AS n FROM accounts"))?.n ?? 1;
    const copies = Math.ceil(rows / n);
    await db.run(
      `INSERT INTO accounts_versions SELECT v.* REPLACE (v.account_id || '-' || k AS account_id)
       FROM accounts_versions v, range(1, $copies) t(k) WHERE v._known_to IS NULL`,
      { copies },
    );
    await db.run(
      `INSERT INTO target_accounts SELECT l.* REPLACE (l.account_id || '-' || k AS account_id, l."rank" + k * $n AS "rank")
       FROM target_accounts l, range(1, $copies) t(k) WHERE l.as_of = (SELECT max(as_of) FROM target_accounts)`,
      { copies, n },
    );
  } finally {
    store.close();
  }
  return file;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { dir: { type: "string", default: "/tmp/paydirt-bench-web" } },
  });
  const dir = values.dir;
  mkdirSync(dir, { recursive: true });
  const rows: Record<string, string | number>[] = [];
  console.log("stores (kept in", dir, "); building the web app...");
  const [demo, webRoot] = await Promise.all([
    makeStore(join(dir, "demo"), 20_000, 40),
    buildWebApp(join(dir, "web")),
  ]);

  // 1. A page of the 1,000,000-row list, through the HTTP handler.
  const small = await makeStore(join(dir, "small"), 2_000, 10);
  const big = await bigList(small, join(dir, "list-1m.duckdb"), 1_000_000);
  {
    const handle = new StoreHandle(big);
    const app = createApp(
      { store: handle, routing: null },
      { token: TOKEN, resources: WEB_RESOURCES },
    );
    const headers = { authorization: `Bearer ${TOKEN}` };
    const s0 = performance.now();
    const total = (
      (await (await app.request("/v1/target-accounts?limit=1", { headers })).json()) as {
        total: number;
      }
    ).total;
    rows.push({
      measure: `list of ${total.toLocaleString("en-US")}: first answer after start (joins the list once)`,
      value: `${((performance.now() - s0) / 1000).toFixed(2)} s`,
      target: "-",
    });
    for (const [what, q] of [
      ["first page (by rank)", "limit=100"],
      ["page at offset 500,000", "limit=100&offset=500000"],
      ["tier A, page 50", "tier=A&limit=100&offset=5000"],
      ["region + industry filter", "region=West&industry=software&limit=100"],
      ["search 'labs'", "q=labs&limit=100"],
      ["sorted by value", "sort=value&dir=desc&limit=100&offset=1000"],
      ["sorted by name, offset 900,000", "sort=name&limit=100&offset=900000"],
      ["in market, by fit, page 20", "inMarket=true&sort=fit&limit=100&offset=2000"],
    ] as const) {
      const ms: number[] = [];
      for (let i = 0; i < 6; i++) {
        const t0 = performance.now();
        const r = await app.request(`/v1/target-accounts?${q}`, { headers });
        await r.json();
        if (i > 0) ms.push(performance.now() - t0);
      }
      rows.push({
        measure: `list of ${total.toLocaleString("en-US")}: ${what}`,
        value: `${median(ms).toFixed(0)} ms`,
        target: "<= 100 ms",
      });
    }
    await handle.close();
  }

  // 2. A reassignment re-checked, in Node (the same core code the browser runs).
  const server = await startServer(demo, TOKEN, webRoot);
  const t0 = performance.now();
  const modelRes = await fetch(`${server.url}/v1/plans/demo/model`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const model = (await modelRes.json()) as PortableScenario;
  rows.push({
    measure: `server: plan model of ${model.accountIds.length.toLocaleString("en-US")} accounts ready (prepared at start)`,
    value: `${((performance.now() - t0) / 1000).toFixed(2)} s`,
    target: "-",
  });
  {
    const { problem, rules, assign } = fromPortable(model);
    const ms: number[] = [];
    let cur = assign;
    for (let i = 0; i < 12; i++) {
      const a = (i * 1667) % model.accountIds.length;
      const u = model.unitOf[a] ?? 0;
      const to = model.repIds[((cur[u] ?? 0) + 1) % model.repIds.length] ?? "";
      cur = applyMoves(model, cur, { [model.accountIds[a] ?? ""]: to }).assign;
      const s = performance.now();
      reportPlan(problem, rules, cur);
      if (i > 1) ms.push(performance.now() - s);
    }
    rows.push({
      measure: "reassignment re-checked (Node, core report), median",
      value: `${median(ms).toFixed(1)} ms`,
      target: "<= 100 ms",
    });
  }

  // 3. The territories page in chromium.
  if (!chromiumPath()) {
    rows.push({
      measure: "territories page (browser)",
      value: "SKIPPED: no chromium",
      target: "<= 2 s",
    });
  } else {
    const browser = await launch();
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      await context.addInitScript((t) => sessionStorage.setItem("paydirt-token", t), TOKEN);
      const page = await context.newPage();
      // Warm the browser's cache of the app's files once, as a returning user has it.
      await page.goto(`${server.url}/`);
      await page.waitForSelector("nav[aria-label=Pages]");
      // Drawn: map, legend and balance bars on screen. Ready: the plan rebuilt in the browser,
      // edits re-checked at once (the page marks it). The first visit downloads the model; the
      // next ones revalidate it (304).
      const drawn: number[] = [];
      const ready: number[] = [];
      for (let i = 0; i < 4; i++) {
        const s = performance.now();
        await page.goto(`${server.url}/territories`);
        await page.waitForSelector(".legend button.rep");
        await page.waitForSelector(".bars .bar");
        drawn.push(performance.now() - s);
        await page.waitForSelector(".territories[data-ready=edits]");
        ready.push(performance.now() - s);
      }
      const sec = (ms: number | undefined) => `${((ms ?? Number.NaN) / 1000).toFixed(2)} s`;
      rows.push(
        {
          measure: "territories page, first visit: map and bars drawn (20,000 accounts, 40 reps)",
          value: sec(drawn[0]),
          target: "-",
        },
        {
          measure: "territories page, first visit: interactive (plan rebuilt for edits)",
          value: sec(ready[0]),
          target: "<= 2 s",
        },
        {
          measure: "territories page, returning: interactive, median of 3",
          value: sec(median(ready.slice(1))),
          target: "<= 2 s",
        },
      );
      // Reassign by clicks: the page reports how long its re-check took.
      await page.locator(".legend button.rep").nth(0).click();
      const box = await page.locator("canvas.dots").boundingBox();
      const checks: number[] = [];
      if (box) {
        for (let k = 0; k < 60 && checks.length < 8; k++) {
          const before = await page.textContent("[data-testid=moved]");
          await page.mouse.click(
            box.x + box.width * (0.3 + (k % 10) * 0.05),
            box.y + box.height * (0.3 + Math.floor(k / 10) * 0.07),
          );
          if ((await page.textContent("[data-testid=moved]")) !== before)
            checks.push(
              Number.parseFloat((await page.textContent("[data-testid=check-ms]")) ?? ""),
            );
        }
      }
      rows.push({
        measure: `reassignment re-checked in the browser (median of ${checks.length} clicks)`,
        value: checks.length ? `${median(checks).toFixed(0)} ms` : "no move made",
        target: "<= 100 ms",
      });
    } finally {
      await browser.close();
    }
  }
  await server.close();
  printTable(rows);
  console.log("(2-core machine shared with other work: timings read high)");
}
