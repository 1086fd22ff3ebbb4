import { join } from "node:path";
import { STAGES } from "./profile.js";
import { Rng } from "./rng.js";
import { CsvWriter } from "./writer.js";

/**
 * Richer deal truth for the synthetic market: each opportunity's stage path, expected close date
 * (with pushes), amount changes and the rep's forecast category over time, written as
 * opportunity_history rows; daily product usage through a trial whose shape follows the outcome
 * (won deals ramp and hold, lost ones stall or fade; noisy); quotas per rep and quarter. Outcome
 * and true close date come from the market generator (the account's stream); everything drawn here
 * comes from one stream per deal and one per rep, so the other files stay as they were.
 */

/** A deal as the market generator decided it. */
export interface DealInput {
  readonly id: string;
  readonly account: string;
  readonly rep: string;
  readonly type: "new" | "expansion" | "renewal";
  readonly created: number;
  /** True close day (in the future for deals still open at the market's today). */
  readonly close: number;
  readonly closed: boolean;
  readonly won: boolean;
  /** True probability of winning, at creation. */
  readonly pWin: number;
  /** Final amount. */
  readonly amount: number;
  readonly employees: number;
}

/** What the CRM shows for a deal at the market's today (for deals still open). */
export interface DealNow {
  readonly stage: string;
  readonly closeDate: number;
  readonly amount: number;
}

/** Share of an annual quota in each calendar quarter. */
const QUARTER_SHARE = [0.22, 0.24, 0.25, 0.29] as const;
const STAGE_PROB = [0.1, 0.2, 0.4, 0.6] as const;
const DAY_MS = 86_400_000;
const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export interface DealWriterOptions {
  readonly seed: number;
  readonly today: number;
  readonly start: number;
  readonly outDir: string;
  readonly history: CsvWriter;
  readonly signals: CsvWriter;
  readonly date: (day: number) => string;
  readonly stamp: (day: number, minute: number) => string;
}

interface RepTraits {
  /** Added to the logit of the rep's own win estimate: > 0 optimistic, < 0 sandbagging. */
  readonly categoryBias: number;
  /** Multiplies the rep's first guess of the sales cycle (< 1: optimistic close dates). */
  readonly cycleGuess: number;
}

interface Event {
  readonly day: number;
  readonly minute: number;
  readonly stage: string;
  readonly status: "open" | "won" | "lost";
  readonly amount: number;
  readonly closeDate: number;
  readonly category: string;
}

/** Writes deal histories, trial usage, quotas and their truth files. */
export class DealWriter {
  private readonly truth: CsvWriter;
  private readonly repTruth: CsvWriter;
  private readonly traits = new Map<string, RepTraits>();
  private wonLastYear = 0;

  constructor(private readonly o: DealWriterOptions) {
    this.truth = new CsvWriter(join(o.outDir, "truth_deals.csv"), [
      "opportunity_id",
      "p_win",
      "close_date",
      "outcome",
      "closed_by_as_of",
      "exit_stage",
      "pushes",
      "trial",
    ]);
    this.repTruth = new CsvWriter(join(o.outDir, "truth_reps.csv"), [
      "rep_id",
      "category_bias",
      "cycle_guess",
    ]);
  }

  private rep(id: string): RepTraits {
    let t = this.traits.get(id);
    if (t === undefined) {
      const r = new Rng(this.o.seed, 1_800_000_000 + Number(id.replace(/\D/g, "") || 0));
      t = {
        categoryBias: 0.8 * r.normal(),
        cycleGuess: Math.exp(Math.log(0.8) + 0.2 * r.normal()),
      };
      this.traits.set(id, t);
      this.repTruth.row([id, round3(t.categoryBias), round3(t.cycleGuess)]);
    }
    return t;
  }

  /** Write one deal's history and trial; returns what the CRM shows today. */
  deal(d: DealInput): DealNow {
    if (d.closed && d.won && d.close > this.o.today - 365) this.wonLastYear += d.amount;
    const { today, date } = this.o;
    const r = new Rng(this.o.seed, 2_000_000_000 + Number(d.id.replace(/\D/g, "") || 0));
    const traits = this.rep(d.rep);
    const win = d.closed ? d.won : r.chance(d.pWin);
    const cycle = Math.max(1, d.close - d.created);
    // Stage entries: won deals go through every stage; lost ones leave at one and stall there.
    const exit = win ? STAGES.length - 1 : pickExit(r.next());
    const pace = win ? 1 : 0.6;
    const entries: number[] = [d.created];
    let f = 0;
    for (let k = 1; k <= exit; k++) {
      f = Math.min(0.92, f + pace * (0.08 + 0.22 * r.next()));
      entries.push(d.created + Math.max(k, Math.floor(f * cycle)));
    }
    // The rep's amounts start optimistic and settle at the final amount by the last stage.
    const amountAt = (k: number) =>
      k >= exit && win
        ? d.amount
        : Math.max(
            100,
            Math.round((d.amount * Math.exp(0.08 + 0.2 * r.normal() * (1 - k / 4))) / 100) * 100,
          );
    const categoryAt = (k: number, pushes: number) => {
      const base = STAGE_PROB[Math.min(k, STAGE_PROB.length - 1)] as number;
      const z =
        logit(base) +
        (win ? 1.5 : -1.5) * ((k + 1) / 4) +
        traits.categoryBias -
        0.3 * pushes +
        0.6 * r.normal();
      const q = sigmoid(z);
      return q > 0.75 ? "commit" : q > 0.45 ? "best_case" : "pipeline";
    };
    const events: Event[] = [];
    let est =
      d.created + Math.max(7, Math.round(cycle * traits.cycleGuess * Math.exp(0.3 * r.normal())));
    let pushes = 0;
    let k = 0;
    let amount = amountAt(0);
    let category = categoryAt(0, 0);
    const push = (day: number) =>
      events.push({
        day,
        minute: 540 + r.int(480),
        stage: STAGES[k] as string,
        status: "open",
        amount,
        closeDate: est,
        category,
      });
    push(d.created);
    for (;;) {
      const nextStage = k < exit ? (entries[k + 1] as number) : Number.POSITIVE_INFINITY;
      const due = est + 1 + r.int(4);
      const next = Math.min(nextStage, due, d.close);
      if (next >= d.close) break;
      if (next === nextStage) {
        k++;
        amount = amountAt(k);
        const left = d.close - next;
        // Won deals' estimates tighten around the real date; lost ones look on track to the rep.
        est = win
          ? Math.max(next + 3, d.close + Math.round(left * 0.25 * (1 - k / 4) * r.normal()))
          : next + Math.max(7, Math.round(cycle * (1 - f) * traits.cycleGuess));
        category = categoryAt(k, pushes);
      } else {
        pushes++;
        est = next + 14 + r.int(31);
        category = categoryAt(k, pushes);
      }
      push(next);
    }
    if (d.closed) {
      events.push({
        day: d.close,
        minute: 960 + r.int(60),
        stage: d.won ? "Closed Won" : "Closed Lost",
        status: d.won ? "won" : "lost",
        amount: d.amount,
        closeDate: d.close,
        category: d.won ? "closed" : "omitted",
      });
    }
    let shown: Event | undefined;
    for (const e of events) {
      if (e.day > today) break;
      shown = e;
      this.o.history.row([
        d.id,
        this.o.stamp(e.day, e.minute),
        e.stage,
        e.status,
        e.amount,
        date(e.closeDate),
        e.category,
      ]);
    }
    const trial = d.type !== "renewal" && r.chance(0.35) ? this.trial(d, win, r) : "none";
    this.truth.row([
      d.id,
      round3(d.pWin),
      date(d.close),
      win ? "won" : "lost",
      d.closed,
      STAGES[exit] as string,
      pushes,
      trial,
    ]);
    const last = shown ?? (events[0] as Event);
    return { stage: last.stage, closeDate: last.closeDate, amount: last.amount };
  }

  /** Daily product usage through a trial that ends at the close; returns the shape used. */
  private trial(d: DealInput, win: boolean, r: Rng): string {
    const length = 14 + r.int(29);
    const end = d.close - (win ? 0 : r.int(10));
    const begin = Math.max(d.created + 2, end - length);
    const seats = Math.max(3, Math.round(Math.sqrt(d.employees) * (0.5 + r.next())));
    const plateau = Math.max(2, seats * (0.5 + 0.4 * r.next()));
    const tau = 2 + 5 * r.next();
    const shape = win ? "ramp" : r.chance(0.5) ? "stall" : "fade";
    const stallLevel = 0.15 + 0.2 * r.next();
    const halfLife = 4 + 8 * r.next();
    const level = (t: number) => {
      const ramp = 1 - Math.exp(-t / tau);
      if (shape === "ramp") return plateau * ramp;
      if (shape === "stall") return plateau * stallLevel * ramp;
      return plateau * 0.7 * ramp * 0.5 ** (Math.max(0, t - 7) / halfLife);
    };
    const row = (day: number, topic: string, value: number) => {
      if (day > this.o.today || day < this.o.start) return;
      this.o.signals.row([
        d.account,
        this.o.stamp(day, 480 + r.int(600)),
        "product_usage",
        value,
        "product",
        topic,
        null,
        null,
      ]);
    };
    let seatsNow = seats;
    row(begin, "seats", seatsNow);
    let features = 0;
    let week = 0;
    for (let day = begin; day <= end; day++) {
      const t = day - begin;
      const weekday = ((day % 7) + 7 + 3) % 7 < 5; // 1970-01-01 was a Thursday
      const mean = level(t) * (weekday ? 1 : 0.15) * Math.exp(0.25 * r.normal());
      const active = r.poisson(mean);
      if (active > 0) row(day, "active_users", active);
      week += active;
      if (t % 7 === 6 || day === end) {
        row(day, "key_actions", r.poisson(week * (win ? 3.5 : 2.5)));
        week = 0;
      }
      if (r.chance(Math.min(0.5, (0.25 * level(t)) / plateau)))
        row(day, "features_adopted", ++features);
      if (win && active > seatsNow * 0.9) {
        seatsNow = Math.round(seatsNow * 1.5);
        row(day, "seats", seatsNow);
      }
    }
    return shape;
  }

  /**
   * Quotas per AE and calendar quarter, from the first quarter of history to a year ahead: each
   * AE's annual quota (reps.csv) split by season and scaled by one factor so that all quotas add
   * up to 110% of what the market won in its last year (reps.csv quotas are relative sizes).
   */
  quotas(reps: readonly { readonly id: string; readonly quota: number | null }[]): number {
    const total = reps.reduce((s, r) => s + (r.quota ?? 0), 0);
    const scale = total > 0 && this.wonLastYear > 0 ? (1.1 * this.wonLastYear) / total : 1;
    const out = new CsvWriter(join(this.o.outDir, "quotas.csv"), [
      "rep_id",
      "period_start",
      "period_end",
      "amount",
    ]);
    const first = new Date(this.o.start * DAY_MS);
    const last = new Date((this.o.today + 366) * DAY_MS);
    for (const rep of reps) {
      if (rep.quota === null) continue;
      let y = first.getUTCFullYear();
      let q = Math.floor(first.getUTCMonth() / 3);
      while (
        y < last.getUTCFullYear() ||
        (y === last.getUTCFullYear() && q <= Math.floor(last.getUTCMonth() / 3))
      ) {
        const from = Date.UTC(y, q * 3, 1) / DAY_MS;
        const to = Date.UTC(y, q * 3 + 3, 0) / DAY_MS;
        const share = QUARTER_SHARE[q] as number;
        out.row([
          rep.id,
          this.o.date(from),
          this.o.date(to),
          Math.round((rep.quota * scale * share) / 1000) * 1000,
        ]);
        q++;
        if (q === 4) {
          q = 0;
          y++;
        }
      }
    }
    out.close();
    return out.rows;
  }

  close(): { file: string; rows: number }[] {
    this.truth.close();
    this.repTruth.close();
    return [this.truth, this.repTruth].map((w) => ({ file: w.path, rows: w.rows }));
  }
}

/** Stage a lost deal leaves at: early stages more often. */
function pickExit(u: number): number {
  return u < 0.35 ? 0 : u < 0.65 ? 1 : u < 0.85 ? 2 : 3;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
