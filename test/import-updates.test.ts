/**
 * How imports meet stored rows: column-wise updates of keyed entities, and facts (signals,
 * stage history) identified by content, so that a re-import in any bytes adds nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EntityMapping, entityByName } from "../src/core/model/index.js";
import { type ImportOptions, type ImportRequest, importData } from "../src/io/import/run.js";
import { openStoreForReading } from "../src/io/store/open.js";

let dir: string;
let store: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "paydirt-updates-"));
  store = join(dir, "store.duckdb");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const req = (name: string, files: string[], mapping?: EntityMapping): ImportRequest => {
  const entity = entityByName(name);
  if (!entity) throw new Error(name);
  return { entity, files, ...(mapping ? { mapping } : {}) };
};

async function run(requests: ImportRequest[], options: Partial<ImportOptions> = {}) {
  const r = await importData(requests, { storePath: store, ...options });
  expect(r.ok, r.log.lines().join("\n")).toBe(true);
  return r;
}

async function query<T>(sql: string): Promise<T[]> {
  const s = await openStoreForReading(store);
  try {
    return await s.db.all<T>(sql);
  } finally {
    s.close();
  }
}

const REPS = "rep_id,name\nR1,Ada\nR2,Bo\n";
const FULL =
  "account_id,name,industry,employees,owner_id,latitude,longitude,Tier\n" +
  "A1,Acme,Healthcare,1200,R1,42.36,-71.06,gold\n" +
  "A2,Beta,Software,80,R2,40.71,-74.01,silver\n";
const accountsNow = () =>
  query<Record<string, unknown>>(
    "SELECT account_id, name, industry, employees, owner_id, latitude, longitude, CAST(attributes AS VARCHAR) AS attributes FROM accounts ORDER BY 1",
  );

describe("column-wise updates", () => {
  it("a partial export updates the fields it has and leaves the others as they were", async () => {
    await run([req("reps", [file("reps.csv", REPS)]), req("accounts", [file("a.csv", FULL)])]);
    const before = await accountsNow();
    const r = await run([
      req("accounts", [file("names.csv", "account_id,name\nA1,Acme Corp\nA2,Beta\n")]),
    ]);
    expect(r.outcomes[0]?.counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const after = await accountsNow();
    expect(after[0]).toEqual({ ...before[0], name: "Acme Corp" });
    expect(after[1]).toEqual(before[1]);
    // No warning about coordinates the stored accounts still have.
    expect(r.log.kept.filter((i) => i.code === "geography")).toEqual([]);
  });

  it("blank cells and missing-value spellings never erase a stored value", async () => {
    await run([req("reps", [file("reps.csv", REPS)]), req("accounts", [file("a.csv", FULL)])]);
    const before = await accountsNow();
    const r = await run([
      req("accounts", [
        file(
          "blanks.csv",
          "account_id,industry,employees,owner_id,latitude\nA1,NaN,na,-,none\nA2,,N/A,null,\n",
        ),
      ]),
    ]);
    expect(r.outcomes[0]?.counts).toMatchObject({ updated: 0, unchanged: 2 });
    expect(await accountsNow()).toEqual(before);
  });

  it("--replace-missing (or the mapping's replaceMissing) clears what the file leaves blank", async () => {
    await run([req("reps", [file("reps.csv", REPS)]), req("accounts", [file("a.csv", FULL)])]);
    await run([req("accounts", [file("names.csv", "account_id,name,industry\nA1,Acme,NA\n")])], {
      replaceMissing: true,
    });
    const [a1] = await accountsNow();
    expect(a1).toMatchObject({ name: "Acme", industry: null, employees: null, latitude: null });
    await run([req("accounts", [file("a.csv", FULL)])]);
    await run([
      req("accounts", [file("n2.csv", "account_id,employees\nA2,\n")], { replaceMissing: true }),
    ]);
    const rows = await accountsNow();
    expect(rows[1]).toMatchObject({ employees: null, name: null, industry: null });
    expect(rows[0]).toMatchObject({ employees: 1200, industry: "Healthcare" });
  });

  it("a deal updated without status, stage or IsClosed keeps its status", async () => {
    await run([req("reps", [file("reps.csv", REPS)]), req("accounts", [file("a.csv", FULL)])]);
    await run([
      req("opportunities", [
        file(
          "o.csv",
          "opportunity_id,account_id,stage,amount,created_date\nO1,A1,Closed Won,100,2024-01-01\nO2,A2,Proposal,50,2024-02-01\n",
        ),
      ]),
    ]);
    await run([req("opportunities", [file("o2.csv", "opportunity_id,amount\nO1,120\nO2,60\n")])]);
    expect(
      await query("SELECT opportunity_id, status, stage, amount FROM opportunities ORDER BY 1"),
    ).toEqual([
      { opportunity_id: "O1", status: "won", stage: "Closed Won", amount: 120 },
      { opportunity_id: "O2", status: "open", stage: "Proposal", amount: 60 },
    ]);
  });

  it("extra columns are merged into the stored attributes", async () => {
    await run([req("reps", [file("reps.csv", REPS)]), req("accounts", [file("a.csv", FULL)])]);
    await run([req("accounts", [file("x.csv", "account_id,Region\nA1,East\n")])]);
    const [a1] = await accountsNow();
    expect(JSON.parse(String(a1?.attributes))).toEqual({ Tier: "gold", Region: "East" });
  });
});

const SIGNALS =
  "account_id,occurred_at,kind,value\n" +
  "A1,2024-05-01T10:00:00Z,web_visit,3\n" +
  "A2,2024-05-02,intent,\n" +
  "A1,2024-05-03T09:30:00Z,email_click,1\n";

describe("facts are keyed by their content", () => {
  const setup = () =>
    run([req("reps", [file("reps.csv", REPS)]), req("accounts", [file("a.csv", FULL)])]);
  const count = async () => (await query<{ n: number }>("SELECT count(*) AS n FROM signals"))[0]?.n;

  it("the same signals saved again with CRLF, reordered and reformatted add nothing, and say so", async () => {
    await setup();
    await run([req("signals", [file("s.csv", SIGNALS)])]);
    expect(await count()).toBe(3);
    const resaved =
      "kind;value;occurred_at;account_id\r\n" +
      '"email_click";1.0;2024-05-03 09:30:00Z;A1\r\n' +
      "Web Visit;3;2024-05-01T10:00:00.000Z;A1\r\n" +
      "intent;;2024-05-02;A2\r\n";
    const r = await run([req("signals", [file("s2.csv", resaved)])]);
    expect(r.outcomes[0]?.counts).toMatchObject({ inserted: 0, unchanged: 3 });
    expect(await count()).toBe(3);
    // A new fact among known ones is added alone.
    const more = await run([
      req("signals", [file("s3.csv", `${SIGNALS}A2,2024-06-01,intent,2\n`)]),
    ]);
    expect(more.outcomes[0]?.counts).toMatchObject({ inserted: 1, unchanged: 3 });
    expect(await count()).toBe(4);
  });

  it("repeats inside one file are reported with their lines and kept once", async () => {
    await setup();
    const text = `${SIGNALS}A1,2024-05-01T10:00:00Z,web_visit,3\nA2,2024-05-02,intent,\n`;
    const r = await run([req("signals", [file("dup.csv", text)])]);
    const repeats = r.log.kept.filter((i) => i.code === "duplicate_fact");
    expect(repeats.map((i) => [i.file.endsWith("dup.csv"), i.line, i.message])).toEqual([
      [true, 5, "the same signals row as line 2: kept once"],
      [true, 6, "the same signals row as line 3: kept once"],
    ]);
    expect(r.outcomes[0]?.repeated).toBe(2);
    expect(await count()).toBe(3);
  });

  it("--force keeps facts already stored and repeats", async () => {
    await setup();
    await run([req("signals", [file("s.csv", SIGNALS)])]);
    await run([req("signals", [file("s.csv", SIGNALS)])], { force: true });
    expect(await count()).toBe(6);
  });

  it("stage history imported twice is stored once", async () => {
    await setup();
    await run([
      req("opportunities", [
        file("o.csv", "opportunity_id,account_id,stage,created_date\nO1,A1,Proposal,2024-01-01\n"),
      ]),
    ]);
    const h =
      "opportunity_id,changed_at,stage\nO1,2024-01-01T00:00:00Z,Qualify\nO1,2024-01-05T00:00:00Z,Proposal\n";
    await run([req("opportunity_history", [file("h.csv", h)])]);
    const again = await run([
      req("opportunity_history", [file("h2.csv", h.replace(/\n/g, "\r\n"))]),
    ]);
    expect(again.outcomes[0]?.counts).toMatchObject({ inserted: 0, unchanged: 2 });
    expect(
      (await query<{ n: number }>("SELECT count(*) AS n FROM opportunity_history"))[0],
    ).toEqual({ n: 2 });
  });
});
