/**
 * The web app end to end in a real browser (playwright-core driving Debian's chromium) on a small
 * synthetic store: the token is required; every page loads without console errors and shows its
 * key figures; the target list filters and pages; a reassignment on the territory page changes
 * the balance bars and is saved as a scenario that `paydirt plan show` reads; axe finds no serious
 * accessibility violations. Screenshots go to test-results/web/. Skipped (and said so) without a
 * browser.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildWebApp,
  chromiumPath,
  launch,
  makeStore,
  type Running,
  startServer,
} from "./web/harness.js";

const BROWSER = chromiumPath();
if (!BROWSER)
  console.warn(
    "web e2e tests SKIPPED: no browser at /usr/bin/chromium (apt-get install chromium, or set PAYDIRT_CHROMIUM)",
  );

const TOKEN = "e2e-token-0123456789";
const SHOTS = join(import.meta.dirname, "..", "test-results", "web");

describe.skipIf(!BROWSER)("web app in chromium", () => {
  let dir: string;
  let db: string;
  let server: Running;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "paydirt-web-e2e-"));
    mkdirSync(SHOTS, { recursive: true });
    const [store, webRoot] = await Promise.all([
      makeStore(join(dir, "store"), 1200, 6),
      buildWebApp(join(dir, "web")),
    ]);
    db = store;
    server = await startServer(db, TOKEN, webRoot, { routing: true });
    browser = await launch();
    // Route some leads: listed accounts (matched by name and state) and unknown companies.
    const listed = (
      await getJson<{ rows: { name: string | null; state: string | null }[] }>(
        "/v1/target-accounts?limit=12",
      )
    ).rows;
    const leads = [
      ...listed.map((a, i) => ({
        id: `e2e-lead-${i}`,
        company: a.name,
        state: a.state,
        email: `buyer${i}@example.com`,
      })),
      ...Array.from({ length: 8 }, (_, i) => ({
        id: `e2e-new-${i}`,
        company: `Unheard Of Startup ${i}`,
        email: `founder${i}@unheard-${i}.example`,
      })),
    ];
    const routed = await fetch(`${server.url}/v1/leads/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ leads }),
    });
    expect(routed.status).toBe(200);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function getJson<T>(path: string): Promise<T> {
    const r = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(r.status, path).toBe(200);
    return (await r.json()) as T;
  }

  /** A page signed in (token typed into the gate once), collecting console errors. */
  async function signedIn(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/`);
    await page.fill("#token", TOKEN);
    await page.click("form button[type=submit]");
    await page.waitForSelector("nav[aria-label=Pages]");
    return { page, errors };
  }

  async function go(page: Page, label: string): Promise<void> {
    await page.click(`nav[aria-label=Pages] >> text="${label}"`);
  }

  async function axe(page: Page): Promise<string[]> {
    const r = await new AxeBuilder({ page }).analyze();
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  }

  it("asks for the token, refuses a wrong one, and the API refuses requests without it", async () => {
    const bare = await fetch(`${server.url}/v1/overview`);
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { code: string }).code).toBe("request_unauthorized");
    const wrong = await fetch(`${server.url}/v1/overview`, {
      headers: { authorization: "Bearer nope-nope-nope" },
    });
    expect(wrong.status).toBe(401);
    const page = await (await browser.newContext()).newPage();
    const html = await page.goto(`${server.url}/territories`);
    const csp = html?.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    await page.fill("#token", "wrong-token-123");
    await page.click("form button[type=submit]");
    await expect
      .poll(async () => (await page.textContent(".gate [role=alert]")) ?? "")
      .toMatch(/token/);
    await page.screenshot({ path: join(SHOTS, "token.png") });
    expect(await axe(page)).toEqual([]);
    await page.fill("#token", TOKEN);
    await page.click("form button[type=submit]");
    await page.waitForSelector("h1:text('Territories')");
    // Kept for the tab only, never in the bundle.
    expect(await page.evaluate(() => sessionStorage.getItem("paydirt-token"))).toBe(TOKEN);
    await page.close();
  });

  it("every page loads without console errors and shows its key figures", async () => {
    const { page, errors } = await signedIn();
    const overview = (await (
      await fetch(`${server.url}/v1/overview`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as { accounts: number; opportunities: { won: number } };
    await page.waitForSelector("[data-testid='figure-Accounts']");
    expect(await page.textContent("[data-testid='figure-Accounts']")).toBe(
      overview.accounts.toLocaleString("en-US"),
    );
    expect(await page.textContent("[data-testid='figure-Win rate']")).toMatch(/\d+\.\d%/);
    await page.screenshot({ path: join(SHOTS, "overview.png") });
    expect(await axe(page)).toEqual([]);

    await go(page, "ICP segments");
    await page.waitForSelector("[data-testid=icp-table] tbody tr");
    expect(await page.locator("[data-testid=icp-table] tbody tr").count()).toBeGreaterThan(3);
    expect(await page.locator(".plot svg").count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, "icp.png") });
    expect(await axe(page)).toEqual([]);

    await go(page, "Target accounts");
    await expect
      .poll(async () => (await page.textContent("[data-testid=list-status]")) ?? "")
      .toContain(`${overview.accounts.toLocaleString("en-US")} accounts`);
    await page.screenshot({ path: join(SHOTS, "accounts.png") });
    expect(await axe(page)).toEqual([]);

    await go(page, "Territories");
    await page.waitForSelector("[data-testid=plan-figures]");
    expect(await page.locator(".bars .bar").count()).toBeGreaterThan(0);
    expect(await page.textContent("[data-testid=violations]")).toBeTruthy();
    await page.screenshot({ path: join(SHOTS, "territories.png") });
    expect(await axe(page)).toEqual([]);
    // Counties filled by owner, then by the first measure (seven classes in the legend).
    await page.selectOption("#fill-by", "owner");
    await page.waitForSelector("[data-testid=county-fills] path");
    expect(await page.locator("[data-testid=county-fills] path").count()).toBeGreaterThan(5);
    await page.selectOption("#fill-by", "0");
    await page.waitForSelector("[data-testid=fill-legend] li");
    expect(await page.locator("[data-testid=fill-legend] li").count()).toBe(7);
    await page.screenshot({ path: join(SHOTS, "territories-counties.png") });
    expect(await axe(page)).toEqual([]);
    await page.selectOption("#fill-by", "none");

    // Books: the demo refreshed them; lanes per rep and the rotation history.
    await go(page, "Books");
    await page.waitForSelector("[data-testid=books-reps] tbody tr, [data-testid=empty]");
    const books = (await (
      await fetch(`${server.url}/v1/books`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as { refresh: unknown; reps: unknown[] };
    if (books.refresh)
      expect(await page.locator("[data-testid=books-reps] tbody tr").count()).toBe(
        books.reps.length,
      );
    else expect(await page.textContent("[data-testid=empty]")).toMatch(/paydirt books refresh/);
    await page.screenshot({ path: join(SHOTS, "books.png") });
    expect(await axe(page)).toEqual([]);

    // Routing: the leads routed in beforeAll, by rule and pool, and one decision's trail.
    await go(page, "Routing");
    await page.waitForSelector("[data-testid=figure-routed]");
    const routing = await getJson<{
      decisions: number;
      byRule: unknown[];
      pools: { id: string; members: unknown[] }[];
    }>("/v1/routing");
    expect(routing.decisions).toBe(20);
    expect(await page.textContent("[data-testid=figure-routed]")).toBe("20");
    expect(await page.locator("[data-testid=by-rule] tbody tr").count()).toBe(
      routing.byRule.length,
    );
    for (const p of routing.pools)
      expect(await page.locator(`[data-testid='pool-${p.id}'] tbody tr`).count()).toBe(
        p.members.length,
      );
    expect(await page.locator("[data-testid=decisions] tbody tr").count()).toBe(20);
    await page.locator("[data-testid=decisions] tbody tr button").first().click();
    await page.waitForSelector("[data-testid=trail] li");
    await page.screenshot({ path: join(SHOTS, "routing.png"), fullPage: true });
    expect(await axe(page)).toEqual([]);

    // Coverage: reps of this quarter against the 4x line.
    await go(page, "Coverage");
    await page.waitForSelector("[data-testid=coverage-table], [data-testid=empty]", {
      timeout: 120_000,
    });
    const cov = await getJson<{
      missing: string | null;
      periods: string[];
      rows: {
        by: string;
        period: string;
        quota: number | null;
        qualified: number;
        coverage: number | null;
        flagged: boolean;
      }[];
    }>("/v1/coverage");
    expect(cov.missing).toBeNull();
    const reps = cov.rows.filter(
      (r) => r.by === "rep" && r.period === cov.periods[0] && (r.quota !== null || r.qualified > 0),
    );
    expect(reps.length).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=coverage-table] tbody tr").count()).toBe(reps.length);
    const measured = reps.filter((r) => r.coverage !== null);
    expect(await page.textContent("[data-testid=figure-flagged]")).toBe(
      `${measured.filter((r) => r.flagged).length} of ${measured.length}`,
    );
    await page.screenshot({ path: join(SHOTS, "coverage.png"), fullPage: true });
    expect(await axe(page)).toEqual([]);

    // Capacity and quotas: regions, and every rep's quota with the common P(attain).
    await go(page, "Capacity & quotas");
    await page.waitForSelector("[data-testid=quota-table] tbody tr", { timeout: 120_000 });
    await page.waitForSelector("[data-testid=capacity-table] tbody tr");
    const quotas = await getJson<{ p_attain: number; rows: unknown[] }>("/v1/quotas");
    const capacity = await getJson<{ regions: unknown[] }>("/v1/capacity");
    expect(await page.locator("[data-testid=quota-table] tbody tr").count()).toBe(
      quotas.rows.length,
    );
    expect(await page.locator("[data-testid=capacity-table] tbody tr").count()).toBe(
      capacity.regions.length,
    );
    expect(await page.textContent("[data-testid=figure-p-attain]")).toBe(
      `${(quotas.p_attain * 100).toFixed(1)}%`,
    );
    await page.screenshot({ path: join(SHOTS, "quotas.png"), fullPage: true });
    expect(await axe(page)).toEqual([]);

    // The overview's tiles for ICP lift, forecast and coverage fill in once computed.
    await go(page, "Overview");
    for (const tile of ["ICP lift", "Forecast", "Coverage"])
      await expect
        .poll(async () => (await page.textContent(`[data-testid='figure-${tile}']`)) ?? "", {
          timeout: 120_000,
        })
        .not.toMatch(/^(…|error)$/);
    expect(await page.textContent("[data-testid='figure-Coverage']")).toBe(
      `${measured.filter((r) => r.flagged).length} of ${measured.length}`,
    );
    expect(await page.textContent("[data-testid='figure-Forecast']")).toMatch(/^\$[\d.]+[KMB]?$/);
    await page.screenshot({ path: join(SHOTS, "overview-tiles.png") });

    // Deals and forecast: the stored forecast's fan and each rep's range.
    await go(page, "Deals & forecast");
    await page.waitForSelector("[data-testid=forecast-groups] tbody tr");
    const stored = await getJson<{ forecasts: { name: string; periods: string[] }[] }>(
      "/v1/forecasts",
    );
    const name = stored.forecasts[0]?.name ?? "";
    const fc = await getJson<{ groups: { by: string; period: string }[] }>(
      `/v1/forecasts/${encodeURIComponent(name)}`,
    );
    expect(await page.locator("[data-testid=forecast-groups] tbody tr").count()).toBe(
      fc.groups.filter((g) => g.by === "rep" && g.period === stored.forecasts[0]?.periods[0])
        .length,
    );
    expect(await page.locator(".plot svg").count()).toBe(1);
    expect(
      await page.textContent(`[data-testid='figure-p50-${stored.forecasts[0]?.periods[0]}']`),
    ).toMatch(/^\$[\d.]+[KMB]?$/);
    await page.screenshot({ path: join(SHOTS, "forecast.png"), fullPage: true });
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);

  it("the target list filters, searches, sorts and pages from the server", async () => {
    const { page, errors } = await signedIn();
    await go(page, "Target accounts");
    await page.waitForSelector("tr[data-rank='1']");
    const count = async (q: string) =>
      (
        (await (
          await fetch(`${server.url}/v1/target-accounts?limit=1&${q}`, {
            headers: { authorization: `Bearer ${TOKEN}` },
          })
        ).json()) as { total: number }
      ).total;
    // Filter: tier A only.
    await page.selectOption("#f-tier", "A");
    const tierA = await count("tier=A");
    await expect
      .poll(async () => (await page.textContent("[data-testid=list-status]")) ?? "")
      .toContain(`${tierA.toLocaleString("en-US")} accounts`);
    const tiers = await page
      .locator("table.accounts tbody tr[data-rank] td:nth-child(4)")
      .allTextContents();
    expect(tiers.length).toBeGreaterThan(0);
    expect(new Set(tiers)).toEqual(new Set(["A"]));
    await page.selectOption("#f-tier", "");
    // Paging: scroll to the end; rows past the first page come from later server pages.
    await page.waitForSelector("tr[data-rank='1']");
    await page.locator("[data-testid=account-scroller]").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const all = await count("");
    await page.waitForSelector(`tr[data-rank='${all}']`);
    // Search narrows to matching accounts; the explanation opens on click.
    const first = (
      (await (
        await fetch(`${server.url}/v1/target-accounts?limit=1&offset=7`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).json()) as { rows: { account_id: string; explanation: string }[] }
    ).rows[0];
    expect(first).toBeDefined();
    await page.fill("#f-search", first?.account_id ?? "");
    await expect
      .poll(async () => (await page.textContent("[data-testid=list-status]")) ?? "")
      .toMatch(/^1 accounts/);
    await page.click(`table.accounts tbody tr[data-rank] >> text=${first?.account_id}`);
    expect(await page.textContent("[data-testid=explanation]")).toBe(first?.explanation);
    await page.screenshot({ path: join(SHOTS, "accounts-filtered.png") });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a reassignment moves the balance bars, is re-checked and saved as a scenario plan show reads", async () => {
    const { page, errors } = await signedIn();
    await go(page, "Territories");
    await page.waitForSelector(".legend button.rep");
    const barValues = async () =>
      page.locator(".bars .bar").evaluateAll((els) => els.map((e) => e.getAttribute("data-value")));
    const before = await barValues();
    // Select a rep, then click dots of other reps on the map until one moves.
    const rep = await page.locator(".legend button.rep").nth(0).getAttribute("data-rep");
    await page.locator(".legend button.rep").nth(0).click();
    const targets = await page.locator("canvas.dots").evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext("2d");
      if (!ctx) return [];
      const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
      const out: [number, number][] = [];
      for (let y = 2; y < height; y += 7)
        for (let x = 2; x < width; x += 7)
          if ((data[(y * width + x) * 4 + 3] ?? 0) > 0) out.push([x / width, y / height]);
      return out;
    });
    expect(targets.length).toBeGreaterThan(10);
    const box = await page.locator("canvas.dots").boundingBox();
    if (!box) throw new Error("no map");
    for (let k = 0; k < targets.length; k += Math.max(1, Math.floor(targets.length / 40))) {
      const [fx, fy] = targets[k] ?? [0, 0];
      await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
      if ((await page.textContent("[data-testid=moved]")) !== "0") break;
    }
    expect(Number(await page.textContent("[data-testid=moved]"))).toBeGreaterThan(0);
    const after = await barValues();
    expect(after).not.toEqual(before);
    expect(await page.textContent("[data-testid=check-ms]")).toMatch(/ms$/);
    // Lasso: a drag around a patch of the map gives every account inside to the selected rep.
    const movedBefore = Number(await page.textContent("[data-testid=moved]"));
    await page.check(".map-actions input[type=checkbox]");
    const [lx, ly] = [box.x + box.width * 0.55, box.y + box.height * 0.35];
    await page.mouse.move(lx, ly);
    await page.mouse.down();
    for (const [dx, dy] of [
      [0.15, 0],
      [0.15, 0.25],
      [0, 0.25],
      [0, 0.01],
    ] as const)
      await page.mouse.move(lx + dx * box.width, ly + dy * box.height, { steps: 5 });
    await page.mouse.up();
    expect(Number(await page.textContent("[data-testid=moved]"))).toBeGreaterThan(movedBefore);
    const lassoed = await barValues();
    expect(lassoed).not.toEqual(after);
    await page.uncheck(".map-actions input[type=checkbox]");
    await page.screenshot({ path: join(SHOTS, "territories-edited.png") });
    // Save as a new scenario; the CLI reads it back.
    await page.fill("#save-name", "e2e-edit");
    await page.click("form.save button[type=submit]");
    await page.waitForSelector("[data-testid=saved], .save ~ .error");
    await page.screenshot({ path: join(SHOTS, "territories-saved.png") });
    expect(await page.locator(".save ~ .error").count()).toBe(0);
    expect(await page.textContent("[data-testid=saved]")).toContain("e2e-edit");
    const shown = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(import.meta.dirname, "..", "src", "cli", "dev.ts"),
        "plan",
        "show",
        "e2e-edit",
        "--db",
        db,
      ],
      { encoding: "utf8" },
    );
    expect(shown).toContain("manual");
    expect(shown).toMatch(/edited/);
    // The saved plan's owner of the moved account is the selected rep.
    const cmp = (await (
      await fetch(`${server.url}/v1/plans/compare?a=demo&b=e2e-edit`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as { differing: number; moved: { owner_b: string }[] };
    expect(cmp.differing).toBeGreaterThan(0);
    expect(cmp.moved.every((m) => m.owner_b === rep)).toBe(true);
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
