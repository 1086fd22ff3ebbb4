import cliProgress from "cli-progress";
import type { ProgressEvent, RunContext } from "../core/run.js";

/** Progress of a long task; a bar on a terminal, silent in CI or when stderr is not a TTY. */
export interface Progress {
  /** Advance by `n` units (default 1). */
  tick(n?: number): void;
  /** Set the absolute position. */
  update(value: number): void;
  stop(): void;
}

const silent: Progress = { tick() {}, update() {}, stop() {} };

/** Whether progress is shown: on a terminal, never in CI or when asked to be quiet. */
function interactive(): boolean {
  return !process.env.CI && process.stderr.isTTY === true && !process.env.PAYDIRT_QUIET;
}

/** A one-line status of a long task that rewrites itself; silent where bars are. */
export interface Status {
  update(text: string): void;
  stop(): void;
}

/** Start a status line (for work whose total is unknown, such as a solver's phases). */
export function startStatus(): Status {
  if (!interactive()) return { update() {}, stop() {} };
  const width = () => Math.max(20, (process.stderr.columns ?? 80) - 1);
  return {
    update(text) {
      process.stderr.write(`\r${text.slice(0, width()).padEnd(width())}`);
    },
    stop() {
      process.stderr.write(`\r${" ".repeat(width())}\r`);
    },
  };
}

/** Start a progress bar for `total` units of `label`. */
export function startProgress(label: string, total: number): Progress {
  if (!interactive()) return silent;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(1, total), 0);
  let value = 0;
  return {
    tick(n = 1) {
      value += n;
      bar.update(value);
    },
    update(v) {
      value = v;
      bar.update(v);
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * A run context drawn on the terminal: events with a total become one bar per phase (a new phase
 * closes the previous bar), events with only a message rewrite a status line. Silent where bars
 * are. `done()` clears what is left.
 */
export function terminalRunContext(signal?: AbortSignal): RunContext & { done(): void } {
  let phase: string | undefined;
  let bar: Progress | undefined;
  let status: Status | undefined;
  const close = () => {
    bar?.stop();
    bar = undefined;
    phase = undefined;
  };
  return {
    ...(signal ? { signal } : {}),
    onProgress(e: ProgressEvent) {
      if (e.total !== undefined) {
        if (e.phase !== phase) {
          close();
          phase = e.phase;
          bar = startProgress(e.phase, e.total);
        }
        bar?.update(e.done ?? 0);
        if ((e.done ?? 0) >= e.total) close();
      } else {
        status ??= startStatus();
        status.update(`${e.phase}: ${e.message ?? ""}`);
      }
    },
    done() {
      close();
      status?.stop();
      status = undefined;
    },
  };
}
