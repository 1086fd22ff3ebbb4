import { z } from "zod";
import { evaluateSolution } from "../../core/planning/ctdp/index.js";
import { CtdpSolveRequest } from "../../core/requests/ctdp.js";
import {
  readCtdpInstance,
  searchBudgetMs,
  solveCtdpParallel,
  writeCtdpSolution,
} from "../../io/ctdp.js";
import { type Command, UsageError } from "../command.js";
import { parseRequest } from "../options.js";
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
    const [sub, ...rest] = argv;
    if (sub !== "solve")
      throw new UsageError("expected 'solve'", sub ? "unknown_command" : "missing_argument");
    const values = parseRequest(rest, {
      schema: CtdpSolveRequest.extend({ in: z.string().min(1), out: z.string().min(1) }),
      flags: {
        in: { type: "string" },
        time: { type: "number" },
        out: { type: "string" },
        seed: { type: "number" },
        workers: { type: "number" },
      },
    });
    const { time: seconds, seed, workers } = values;
    const inst = readCtdpInstance(values.in);
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
