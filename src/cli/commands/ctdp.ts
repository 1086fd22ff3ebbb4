import { parseArgs } from "node:util";
import { evaluateSolution } from "../../core/planning/ctdp/index.js";
import {
  CtdpFormatError,
  readCtdpInstance,
  searchBudgetMs,
  solveCtdpParallel,
  writeCtdpSolution,
} from "../../io/ctdp.js";
import { type Command, UsageError } from "../command.js";
import { startProgress } from "../progress.js";

const usage = `usage:
  paydirt ctdp solve --in FILE --time SECONDS --out SOLUTION [--seed N] [--workers N]

Solves a commercial territory design benchmark instance (Rios-Mercado & Fernandez; format in
shared/ctdp/README.md): p connected territories, each activity within tau of the mean,
minimising the largest territory diameter. Writes one territory id per unit and prints the
balance excess B, the diameter D and the time to best, as checked by an independent evaluator.

options:
  --in FILE        instance file
  --time SECONDS   wall-clock limit, reading and writing included (default 60)
  --out FILE       solution file to write
  --seed N         random seed (default 1)
  --workers N      independent searches on worker threads (default min(2, cores))`;

export const command: Command = {
  name: "ctdp",
  summary: "solve a commercial territory design (CTDP) benchmark instance",
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        in: { type: "string" },
        time: { type: "string", default: "60" },
        out: { type: "string" },
        seed: { type: "string", default: "1" },
        workers: { type: "string" },
      },
    });
    if (positionals[0] !== "solve" || positionals.length > 1)
      throw new UsageError("expected 'solve'");
    if (!values.in) throw new UsageError("--in FILE is required");
    if (!values.out) throw new UsageError("--out FILE is required");
    const seconds = Number(values.time);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new UsageError(`--time must be a positive number, got '${values.time}'`);
    const seed = Number(values.seed);
    if (!Number.isInteger(seed))
      throw new UsageError(`--seed must be an integer, got '${values.seed}'`);
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
      throw new UsageError(`--workers must be a positive integer, got '${values.workers}'`);
    }
    let inst: ReturnType<typeof readCtdpInstance>;
    try {
      inst = readCtdpInstance(values.in);
    } catch (err) {
      if (err instanceof CtdpFormatError) {
        console.error(err.message);
        return 1;
      }
      throw err;
    }
    const ticks = Math.round(seconds);
    const progress = startProgress("ctdp search (s)", ticks);
    const timer = setInterval(() => progress.tick(), 1000);
    const solution = await solveCtdpParallel(inst, {
      // performance.now() counts from process start: the limit covers start-up and reading too.
      timeLimitMs: searchBudgetMs(seconds * 1000, performance.now()),
      seed,
      ...(workers !== undefined ? { workers } : {}),
      onWorkerError: (err) => console.error(`warning: ${err.message}`),
    });
    clearInterval(timer);
    progress.stop();
    writeCtdpSolution(values.out, solution.assignment);
    const check = evaluateSolution(inst, solution.assignment);
    console.log(`instance ${values.in}: n=${inst.n} p=${inst.p}`);
    console.log(
      `B=${check.balanceExcess.toFixed(6)} D=${check.diameter.toFixed(4)} time-to-best=${(solution.timeToBestMs / 1000).toFixed(1)}s`,
    );
    console.log(
      `connected=${check.connected} complete=${check.complete} starts=${solution.starts}; wrote ${values.out}`,
    );
    return check.connected && check.complete ? 0 : 1;
  },
};
