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

/** Start a progress bar for `total` units of `label`. */
export function startProgress(label: string, total: number): Progress {
  if (process.env.CI || !process.stderr.isTTY || process.env.PAYDIRT_QUIET) return silent;
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
