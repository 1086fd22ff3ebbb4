import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createStageDir, removeStageDir, sweepStaleStageDirs } from "./stagedir.js";

const base = mkdtempSync(join(tmpdir(), "paydirt-stagedir-test-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("stage folders", () => {
  it("sweeps folders of processes that are gone, never a live one", () => {
    const dead = join(base, "paydirt-stage-999999999-abc");
    mkdirSync(dead);
    writeFileSync(join(dead, "stage.csv"), "x");
    const mine = createStageDir(base);
    expect(sweepStaleStageDirs(base)).toEqual([dead]);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    removeStageDir(mine);
    expect(existsSync(mine)).toBe(false);
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`removes the folder when the process gets ${signal}`, async () => {
      const script = join(base, `child-${signal}.mts`);
      const module = new URL("./stagedir.ts", import.meta.url).pathname;
      writeFileSync(
        script,
        `import { createStageDir } from ${JSON.stringify(module)};
         import { writeFileSync } from "node:fs";
         const d = createStageDir(${JSON.stringify(base)});
         writeFileSync(d + "/stage.csv", "rows");
         console.log("ready");
         setInterval(() => {}, 1000);`,
      );
      const child = spawn(process.execPath, ["--import", "tsx", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      const before = readdirSync(base).filter((n) => n.startsWith(`paydirt-stage-${child.pid}-`));
      expect(before).toHaveLength(1);
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("exit", (_code, sig) => resolve(sig)),
      );
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(readdirSync(base).filter((n) => n.startsWith(`paydirt-stage-${child.pid}-`))).toEqual(
        [],
      );
    });
  }
});
