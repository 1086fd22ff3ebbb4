/**
 * Two `paydirt serve` processes over one PostgreSQL (PAYDIRT_TEST_PG): concurrent posts to both,
 * some lead ids posted to both at once, one process killed with SIGKILL mid-load. Afterwards every
 * lead that got a 2xx has exactly one stored decision (the one it was answered), no lead has two,
 * every stored decision took its round-robin turn in the same transaction, and the pool's counts
 * differ by at most one (equal weights, no caps).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ServeProcess,
  startServe,
  withScratchDatabase,
  writeOnePoolConfig,
} from "./serve-process.js";

const PG = process.env.PAYDIRT_TEST_PG;
if (!PG)
  console.log("routing-multiprocess: skipped (set PAYDIRT_TEST_PG to a PostgreSQL URL to run it)");
const TOKEN = "multi-process-token";
const root = mkdtempSync(join(tmpdir(), "paydirt-mp-"));
const children: ServeProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

async function start(args: string[]): Promise<ServeProcess> {
  const p = await startServe(args, TOKEN);
  children.push(p);
  return p;
}

describe.skipIf(!PG)("two serve processes over one PostgreSQL", () => {
  it("keep one decision per lead and fair turns when one is killed mid-load", {
    timeout: 300_000,
  }, async () => {
    const pg = (await import("pg")).default;
    await withScratchDatabase(PG as string, "paydirt_mp", async (url) => {
      const accounts = join(root, "accounts.csv");
      writeFileSync(
        accounts,
        "account_id,name,domain,state\nA1,Acme Widgets Inc.,acme.com,CA\nA2,Globex Corporation,globex.com,TX\n",
      );
      const config = writeOnePoolConfig(join(root, "routing.json"), ["R1", "R2", "R3", "R4", "R5"]);
      const common = ["--accounts", accounts, "--config", config, "--pg", url, "--port", "0"];
      const [a, b] = await Promise.all([start(common), start(common)]);
      const ok = new Map<string, string>(); // lead id -> owner answered
      let failures = 0;
      const mismatched: string[] = [];
      let killed = false;
      let done = 0;
      const post = async (base: string, id: string) => {
        try {
          const res = await fetch(`${base}/v1/leads`, {
            method: "POST",
            headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
            body: JSON.stringify({
              id,
              company: `Company ${id}`,
              email: `someone@company-${id}.com`,
            }),
          });
          if (res.ok) {
            const d = (await res.json()) as { owner_id: string };
            const before = ok.get(id);
            if (before !== undefined && before !== d.owner_id) mismatched.push(id); // answered twice, differently
            ok.set(id, d.owner_id);
          } else failures++;
        } catch {
          failures++; // the killed process
        }
        done++;
        if (!killed && done >= 150) {
          killed = true;
          a.child.kill("SIGKILL");
        }
      };
      const ids = Array.from({ length: 500 }, (_, i) => `mp-${i}`);
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const i = next++;
          const id = ids[i] as string;
          // every tenth lead goes to both processes at once
          if (i % 10 === 0) await Promise.all([post(a.url, id), post(b.url, id)]);
          else await post(i % 2 ? a.url : b.url, id);
        }
      };
      await Promise.all(Array.from({ length: 12 }, worker));
      expect(killed).toBe(true);
      expect(mismatched).toEqual([]);
      expect(failures).toBeGreaterThan(0);
      expect(ok.size).toBeGreaterThan(250);

      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        const rows = (await db.query("SELECT lead_id, owner_id, turn_rep FROM decisions")).rows as {
          lead_id: string;
          owner_id: string;
          turn_rep: string;
        }[];
        const stored = new Map(rows.map((r) => [r.lead_id, r]));
        expect(stored.size).toBe(rows.length); // no lead has two decisions
        for (const [id, owner] of ok) {
          expect(stored.get(id)?.owner_id, id).toBe(owner); // every 2xx lead: exactly its decision
        }
        for (const r of rows) expect(r.turn_rep).toBe(r.owner_id);
        const turns = (
          await db.query("SELECT rep_id, turns FROM pool_turns WHERE pool_id = 'inbound'")
        ).rows.map((r) => Number(r.turns));
        expect(turns.reduce((s, t) => s + t, 0)).toBe(rows.length); // turns taken only by stored decisions
        expect(Math.max(...turns) - Math.min(...turns)).toBeLessThanOrEqual(1);
        const leads = Number((await db.query("SELECT count(*) AS n FROM leads")).rows[0].n);
        expect(leads).toBe(rows.length); // no lead stored without its decision
      } finally {
        await db.end();
      }
      b.child.kill("SIGTERM");
    });
  });
});
