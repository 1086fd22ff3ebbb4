import cliProgress from "cli-progress";

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
