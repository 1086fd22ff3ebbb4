/**
 * The one temporary folder of an import, holding every stage file of it. It is removed when the
 * import ends, whatever the way: normally, by an error, or by SIGINT/SIGTERM (the signal is then
 * re-raised, so the process still ends as the signal says). Folders left by a process that died
 * without a chance to clean up (SIGKILL, power loss) are swept by the next import.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "paydirt-stage-";
const live = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function removeLive(): void {
  for (const d of live) rmSync(d, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLive();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on("exit", removeLive);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off("exit", removeLive);
}

/** Create the stage folder of an import (named after this process, for the sweep). */
export function createStageDir(base = tmpdir()): string {
  const dir = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
  if (live.size === 0) install();
  live.add(dir);
  return dir;
}

/** Remove a stage folder and everything in it. */
export function removeStageDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
  if (live.size === 0) uninstall();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Remove stage folders whose process is gone (and, from older versions without a process id in
 * the name, those untouched for a day). Returns the folders removed.
 */
export function sweepStaleStageDirs(base = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(base, name);
    const pid = /^paydirt-stage-(\d+)-/.exec(name)?.[1];
    let stale: boolean;
    if (pid !== undefined) stale = Number(pid) !== process.pid && !alive(Number(pid));
    else {
      try {
        stale = Date.now() - statSync(path).mtimeMs > 86_400_000;
      } catch {
        stale = false;
      }
    }
    if (stale) {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}
