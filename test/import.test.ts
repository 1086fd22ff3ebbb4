import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EntitySpec, entityByName } from "../src/core/model/index.js";
import { rawCsvLine } from "../src/io/csv/write.js";
import type { ImportIssue } from "../src/io/import/issues.js";
import { type ImportRequest, importData } from "../src/io/import/run.js";
import { openStoreForReading } from "../src/io/store/open.js";

let dir: string;
let store: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "paydirt-import-"));
  store = join(dir, "store.duckdb");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const spec = (name: string): EntitySpec => {
  const s = entityByName(name);
  if (!s) throw new Error(name);
  return s;
};

function write(name: string, rows: (string | number | null)[][]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => rawCsvLine(r)).join(""));
  return path;
}

const reps = () =>
  write("reps.csv", [
    ["Id", "Name", "Role", "Skills", "Quota"],
    ["R1", "Ada", "Account Executive", "healthcare;fintech", "1,200,000"],
    ["R2", "Bo", "BDR", "", "400000"],
  ]);
const ACCOUNT_HEADER = [
  "Id",
  "Name",
  "Industry",
  "NumberOfEmployees",
  "AnnualRevenue",
  "BillingState",
  "BillingPostalCode",
  "OwnerId",
  "Tier",
];
const accounts = () =>
  write("accounts.csv", [
    ACCOUNT_HEADER,
    ["A1", "Acme", "Healthcare", "1200", "$5,000,000", "CA", "02134", "R1", "gold"],
    ["A2", "Beta, Inc.", "Software", "80", "", "NY", "10001", "R2", ""],
  ]);
const opps = () =>
  write("opportunities.csv", [
    [
      "Id",
      "AccountId",
      "OwnerId",
      "StageName",
      "Amount",
      "CreatedDate",
      "CloseDate",
      "IsClosed",
      "IsWon",
      "Type",
    ],
    [
      "O1",
      "A1",
      "R1",
      "Closed Won",
      "50000",
      "2024-01-10",
      "2024-03-01",
      "true",
      "true",
      "New Business",
    ],
    [
      "O2",
      "A2",
      "R2",
      "Proposal",
      "20000",
      "2024-02-01",
      "2024-09-30",
      "false",
      "false",
      "New Business",
    ],
    [
      "O3",
      "A1",
      "R1",
      "Closed Lost",
      "10000",
      "2023-11-01",
      "2024-01-15",
      "true",
      "false",
      "Renewal",
    ],
  ]);

const req = (name: string, files: string[]): ImportRequest => ({ entity: spec(name), files });
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

async function query<T>(sql: string): Promise<T[]> {
  const s = await openStoreForReading(store);
  try {
    return await s.db.all<T>(sql);
  } finally {
    s.close();
  }
}

describe("import", () => {
  it("loads a Salesforce-style export into typed, versioned tables", async () => {
    const r = await importData(
      [req("opportunities", [opps()]), req("reps", [reps()]), req("accounts", [accounts()])],
      { storePath: store },
    );
    expect(r.log.errors, r.log.lines().join("\n")).toBe(0);
    expect(r.log.lines()).toEqual([
      expect.stringMatching(/accounts\.csv: warning: 2 of 2 accounts have no coordinates$/),
    ]);
    expect(r.ok).toBe(true);
    expect(r.outcomes.map((o) => o.entity)).toEqual(["reps", "accounts", "opportunities"]);
    const a = await query<{
      account_id: string;
      employees: number;
      annual_revenue: number | null;
      postal_code: string;
      attributes: string;
    }>(
      "SELECT account_id, employees, annual_revenue, postal_code, CAST(attributes AS VARCHAR) AS attributes FROM accounts ORDER BY 1",
    );
    expect(a[0]).toMatchObject({
      account_id: "A1",
      employees: 1200,
      annual_revenue: 5_000_000,
      postal_code: "02134",
    });
    expect(JSON.parse(a[0]?.attributes ?? "{}")).toEqual({ Tier: "gold" });
    expect(a[1]?.annual_revenue).toBeNull();
    const rp = await query<{ role: string; skills: string[]; annual_quota: number }>(
      "SELECT role, skills, annual_quota FROM reps ORDER BY rep_id",
    );
    expect(rp[0]).toEqual({
      role: "AE",
      skills: ["healthcare", "fintech"],
      annual_quota: 1_200_000,
    });
    const o = await query<{ opportunity_id: string; status: string; type: string }>(
      "SELECT opportunity_id, status, type FROM opportunities ORDER BY 1",
    );
    expect(o).toEqual([
      { opportunity_id: "O1", status: "won", type: "new" },
      { opportunity_id: "O2", status: "open", type: "new" },
      { opportunity_id: "O3", status: "lost", type: "renewal" },
    ]);
    const log = await query<{ entity: string; rows_read: number }>(
      "SELECT entity, rows_read FROM imports ORDER BY import_id",
    );
    expect(log).toEqual([
      { entity: "reps", rows_read: 2 },
      { entity: "accounts", rows_read: 2 },
      { entity: "opportunities", rows_read: 3 },
    ]);
  });

  it("flags look-alike categories but never similar names of people or companies", async () => {
    // Few distinct values in many rows: both columns look categorical to the check.
    const people = Array.from({ length: 12 }, (_, i) => ["Morgan Walker", "Jordan Walker"][i % 2]);
    const teams = Array.from({ length: 12 }, (_, i) =>
      i === 0 ? "Enterpirse" : i % 2 ? "Enterprise" : "Mid-Market",
    );
    const file = write("reps.csv", [
      ["Id", "Name", "Team"],
      ...people.map((name, i) => [`R${i}`, name ?? "", teams[i] ?? ""]),
    ]);
    const r = await importData([req("reps", [file])], { storePath: store });
    expect(r.ok).toBe(true);
    const lookalikes = r.log.kept.filter((i) => i.code === "lookalike").map((i) => i.message);
    expect(lookalikes).toEqual([expect.stringMatching(/^team "Enterpirse" \(1 rows\) looks like/)]);
  });

  it("parses files in worker threads with the same result and the same errors", async () => {
    const files = [
      req("reps", [reps()]),
      req("accounts", [accounts()]),
      req("opportunities", [opps()]),
    ];
    const here = await importData(files, { storePath: store });
    const other = join(dir, "workers.duckdb");
    const there = await importData(files, { storePath: other, workerBytes: 0 });
    expect(there.log.lines()).toEqual(here.log.lines());
    const dump = async (path: string) => {
      const s = await openStoreForReading(path);
      try {
        return await s.db.all(
          "SELECT * EXCLUDE (_import_id, _known_from) FROM opportunities ORDER BY 1",
        );
      } finally {
        s.close();
      }
    };
    expect(await dump(other)).toEqual(await dump(store));
    const bad = write("bad.csv", [
      ["Id", "CreatedDate"],
      ["A1", "2024-02-30"],
    ]);
    const r = await importData([req("accounts", [bad])], { storePath: other, workerBytes: 0 });
    expect(coded(r.log.kept)).toContain("error cell bad.csv:2:2");
  });

  it("splits big files into parts parsed in parallel, with exact lines and whole-file date order", async () => {
    const rows: (string | number)[][] = [["Id", "Name", "CreatedDate", "NumberOfEmployees"]];
    for (let i = 1; i <= 300; i++)
      rows.push([
        `A${i}`,
        i === 150 ? "two\nlines" : `Co ${i}`,
        `0${(i % 9) + 1}/0${(i % 7) + 1}/2024`,
        i,
      ]);
    rows.push(["A301", "Late", "25/01/2024", 5]); // the only value that fixes the order: day first
    rows.push(["A302", "Bad", "01/02/2024", "many"]);
    const path = write("accounts.csv", rows);
    const opts = { workerBytes: 0, partBytes: 500 };
    const r = await importData([req("accounts", [path])], { storePath: store, ...opts });
    expect(r.log.lines()).toEqual([
      expect.stringMatching(/accounts\.csv:304:4: employees: "many" is not a number$/),
      expect.stringMatching(/warning: 302 of 302 accounts have no coordinates/),
    ]);
    const fine = write("accounts.csv", rows.slice(0, -1));
    const ok = await importData([req("accounts", [fine])], { storePath: store, ...opts });
    expect(ok.log.errors).toBe(0);
    expect(
      await query(
        "SELECT account_id, name, CAST(created_date AS VARCHAR) AS d FROM accounts WHERE account_id IN ('A2', 'A150', 'A301') ORDER BY 1",
      ),
    ).toEqual([
      { account_id: "A150", name: "two\nlines", d: "2024-04-07" },
      { account_id: "A2", name: "Co 2", d: "2024-03-03" },
      { account_id: "A301", name: "Late", d: "2024-01-25" },
    ]);
  });

  it("shows an opportunity that was later won as open as of an earlier date", async () => {
    const r = await importData(
      [req("reps", [reps()]), req("accounts", [accounts()]), req("opportunities", [opps()])],
      {
        storePath: store,
      },
    );
    expect(r.ok).toBe(true);
    const at = (d: string) =>
      query<{
        opportunity_id: string;
        status: string;
        stage: string | null;
        close_date: string | null;
      }>(
        `SELECT opportunity_id, status, stage, CAST(close_date AS VARCHAR) AS close_date FROM opportunities_as_of(DATE '${d}') ORDER BY 1`,
      );
    expect(await at("2024-02-15")).toEqual([
      { opportunity_id: "O1", status: "open", stage: null, close_date: null },
      { opportunity_id: "O2", status: "open", stage: "Proposal", close_date: "2024-09-30" },
      { opportunity_id: "O3", status: "lost", stage: "Closed Lost", close_date: "2024-01-15" },
    ]);
    expect((await at("2024-03-01"))[0]).toMatchObject({ opportunity_id: "O1", status: "won" });
    expect(await at("2023-12-31")).toEqual([
      { opportunity_id: "O3", status: "open", stage: null, close_date: null },
    ]);
  });

  it("uses stage history for exact as-of states", async () => {
    const history = write("opportunity_history.csv", [
      ["OpportunityId", "CreatedDate", "StageName", "Amount", "CloseDate"],
      ["O1", "2024-01-10T09:00:00Z", "Prospecting", "40000", "2024-04-30"],
      ["O1", "2024-02-10T09:00:00Z", "Negotiation", "50000", "2024-03-15"],
      ["O1", "2024-03-01T16:00:00Z", "Closed Won", "50000", "2024-03-01"],
    ]);
    const r = await importData(
      [
        req("reps", [reps()]),
        req("accounts", [accounts()]),
        req("opportunities", [opps()]),
        req("opportunity_history", [history]),
      ],
      { storePath: store },
    );
    expect(r.log.errors, r.log.lines().join("\n")).toBe(0);
    const at = async (d: string) =>
      (
        await query<{
          status: string;
          stage: string;
          amount: number;
          close_date: string;
          state_source: string;
        }>(
          `SELECT status, stage, amount, CAST(close_date AS VARCHAR) AS close_date, state_source
           FROM opportunities_as_of(DATE '${d}') WHERE opportunity_id = 'O1'`,
        )
      )[0];
    expect(await at("2024-01-20")).toEqual({
      status: "open",
      stage: "Prospecting",
      amount: 40000,
      close_date: "2024-04-30",
      state_source: "history",
    });
    expect(await at("2024-02-10")).toMatchObject({
      stage: "Negotiation",
      close_date: "2024-03-15",
    });
    expect(await at("2024-03-01")).toMatchObject({ status: "won", state_source: "closed" });
  });

  it("versions changed rows and answers what was known at a date", async () => {
    await importData([req("reps", [reps()]), req("accounts", [accounts()])], {
      storePath: store,
      knownFrom: "2025-01-01T00:00:00.000Z",
    });
    const moved = write("accounts2.csv", [
      ACCOUNT_HEADER,
      ["A1", "Acme", "Healthcare", "1200", "$5,000,000", "CA", "02134", "R2", "gold"],
      ["A2", "Beta, Inc.", "Software", "80", "", "NY", "10001", "R2", ""],
    ]);
    const r = await importData([req("accounts", [moved])], {
      storePath: store,
      knownFrom: "2025-06-01T00:00:00.000Z",
    });
    expect(r.ok).toBe(true);
    expect(r.outcomes[0]?.counts).toEqual({ inserted: 0, updated: 1, unchanged: 1, retired: 0 });
    expect(
      await query(
        "SELECT owner_id FROM accounts_known_at(TIMESTAMP '2025-03-01') WHERE account_id = 'A1'",
      ),
    ).toEqual([{ owner_id: "R1" }]);
    expect(await query("SELECT owner_id FROM accounts WHERE account_id = 'A1'")).toEqual([
      { owner_id: "R2" },
    ]);
    const older = await importData([req("accounts", [moved])], {
      storePath: store,
      knownFrom: "2025-02-01T00:00:00.000Z",
    });
    expect(older.ok).toBe(false);
    expect(older.log.kept.map((i) => i.code)).toContain("known_from");
  });

  it("adds nothing when the same signals file is imported twice, unless forced", async () => {
    await importData([req("reps", [reps()]), req("accounts", [accounts()])], { storePath: store });
    const signals = write("signals.csv", [
      ["account_id", "timestamp", "type", "score"],
      ["A1", "2024-05-01T10:00:00Z", "Web Visit", "3"],
      ["A2", "2024-05-02", "intent", ""],
    ]);
    expect((await importData([req("signals", [signals])], { storePath: store })).ok).toBe(true);
    expect(await query("SELECT kind, value FROM signals ORDER BY occurred_at")).toEqual([
      { kind: "web_visit", value: 3 },
      { kind: "intent", value: 1 },
    ]);
    const again = await importData([req("signals", [signals])], { storePath: store });
    expect(again.ok).toBe(true);
    expect(again.outcomes[0]?.counts).toMatchObject({ inserted: 0, unchanged: 2 });
    expect(
      (await importData([req("signals", [signals])], { storePath: store, force: true })).ok,
    ).toBe(true);
    expect(await query("SELECT count(*) AS n FROM signals")).toEqual([{ n: 4 }]);
  });

  it("reads Parquet files through the same checks", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const pq = join(dir, "accounts.parquet");
    await c.run(`COPY (SELECT 'P' || i AS Id, 'Co ' || i AS Name, i * 10 AS NumberOfEmployees, DATE '2020-01-01' + CAST(i AS INTEGER) AS CreatedDate
                 FROM range(1, 4) t(i)) TO '${pq}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    const r = await importData([req("accounts", [pq])], { storePath: store });
    expect(r.log.errors, r.log.lines().join("\n")).toBe(0);
    expect(
      await query(
        "SELECT account_id, employees, CAST(created_date AS VARCHAR) AS d FROM accounts ORDER BY 1",
      ),
    ).toEqual([
      { account_id: "P1", employees: 10, d: "2020-01-02" },
      { account_id: "P2", employees: 20, d: "2020-01-03" },
      { account_id: "P3", employees: 30, d: "2020-01-04" },
    ]);
  });
});

/** Each issue as "severity code file:line:column", the file by its name. */
function coded(issues: readonly ImportIssue[]): string[] {
  return issues.map(
    (i) => `${i.severity} ${i.code} ${i.file.split("/").pop()}:${i.line}:${i.column}`,
  );
}

describe("a failed import changes nothing", () => {
  const corrupt: Record<string, { rows: string; expect: string[] }> = {
    "bad date": {
      rows: "Id,Name,CreatedDate\nA1,Acme,2024-01-05\nA2,Beta,2024-02-30\nA3,Gamma,next week\n",
      expect: ["error cell accounts.csv:3:3", "error cell accounts.csv:4:3"],
    },
    "missing required column": {
      rows: "Name,Industry\nAcme,Retail\n",
      expect: ["error header accounts.csv:1:0"],
    },
    "duplicate id": {
      rows: "Id,Name\nA1,Acme\nA2,Beta\nA1,Again\n",
      expect: ["error duplicate_key accounts.csv:4:1"],
    },
    "unterminated quote": {
      rows: 'Id,Name\nA1,Acme\nA2,"Beta\nA3,Gamma\n',
      expect: ["error unterminated_quote accounts.csv:3:2"],
    },
    "ambiguous dates": {
      rows: "Id,CreatedDate\nA1,03/04/2024\nA2,05/06/2024\n",
      expect: ["error date_order accounts.csv:1:2"],
    },
  };

  for (const [name, c] of Object.entries(corrupt)) {
    it(`${name}: lists file:line:column and leaves the store byte for byte`, async () => {
      await importData([req("reps", [reps()])], { storePath: store });
      const before = sha(store);
      const path = join(dir, "accounts.csv");
      writeFileSync(path, c.rows);
      const r = await importData([req("accounts", [path])], { storePath: store });
      expect(r.ok).toBe(false);
      const found = coded(r.log.kept);
      for (const e of c.expect) expect(found).toContain(e);
      expect(sha(store)).toBe(before);
      expect(existsSync(`${store}.wal`)).toBe(false);
    });
  }

  it("does not create a store when the first import fails", async () => {
    const path = write("opportunities.csv", [
      ["Id", "AccountId"],
      ["O1", "NOPE"],
    ]);
    const r = await importData([req("opportunities", [path])], { storePath: store });
    expect(r.ok).toBe(false);
    expect(coded(r.log.kept)).toContain("error reference opportunities.csv:0:0");
    expect(existsSync(store)).toBe(false);
  });

  it("reports unknown references with their line", async () => {
    const r = await importData(
      [
        req("reps", [reps()]),
        req("accounts", [accounts()]),
        req("opportunities", [
          write("opportunities.csv", [
            ["Id", "AccountId", "OwnerId"],
            ["O1", "A1", "R1"],
            ["O2", "A9", "R1"],
          ]),
        ]),
      ],
      { storePath: store },
    );
    expect(r.ok).toBe(false);
    expect(coded(r.log.kept)).toContain("error reference opportunities.csv:3:2");
    expect(existsSync(store)).toBe(false);
  });
});
