/**
 * One run context for every long operation (imports, fits, plan solves, exports).
 *
 * Usage:
 * - Take `ctx: RunContext = {}` as the last parameter of a long operation.
 * - Report progress with `progress(ctx, { phase: "parse", done, total, unit: "bytes" })`; a CLI
 *   draws bars from it, the server streams it, tests collect it. Never required.
 * - Check `checkAborted(ctx)` between chunks of work (or pass `ctx.signal` on to DuckDB/workers);
 *   it throws a PaydirtError of kind "unavailable" with code "aborted". A time limit is
 *   `{ signal: AbortSignal.timeout(ms) }`; a server aborts when the client leaves.
 */
import { PaydirtError } from "./errors.js";

/** What a long operation reports as it goes. `done`/`total` count `unit`s of the current phase. */
export interface ProgressEvent {
  /** Short machine name of the phase, e.g. "read", "stage", "commit", "solve". */
  readonly phase: string;
  readonly done?: number;
  readonly total?: number;
  readonly unit?: "bytes" | "rows" | "items" | "steps" | "seconds";
  /** One line for people (optional), e.g. "objective 1.23, gap 8%". */
  readonly message?: string;
}

/** How a caller follows and stops a long operation. Both parts are optional. */
export interface RunContext {
  onProgress?(event: ProgressEvent): void;
  readonly signal?: AbortSignal;
}

/** Reports `event` when the caller listens. */
export function progress(ctx: RunContext | undefined, event: ProgressEvent): void {
  ctx?.onProgress?.(event);
}

/** Whether the caller asked to stop. */
export function aborted(ctx: RunContext | undefined): boolean {
  return ctx?.signal?.aborted === true;
}

/** Throws a PaydirtError (kind "unavailable", code "aborted") when the caller asked to stop. */
export function checkAborted(ctx: RunContext | undefined): void {
  const signal = ctx?.signal;
  if (signal?.aborted) {
    throw PaydirtError.of("unavailable", "aborted", "the operation was cancelled", {
      cause: signal.reason,
    });
  }
}

/**
 * A counter for one phase of `total` steps that reports through `ctx`: `tick()` per step, `stop()`
 * at the end (the shape the ML trainer's progress factory hands out).
 */
export function phaseCounter(
  ctx: RunContext | undefined,
  phase: string,
  total: number,
  unit: ProgressEvent["unit"] = "steps",
): { tick(n?: number): void; stop(): void } {
  let done = 0;
  progress(ctx, { phase, done, total, unit });
  return {
    tick(n = 1) {
      done += n;
      progress(ctx, { phase, done, total, unit });
    },
    stop() {
      progress(ctx, { phase, done: total, total, unit });
    },
  };
}
