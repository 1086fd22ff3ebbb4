import type { MatchIndex } from "./account-index.js";
import {
  companyDomains,
  F,
  FEATURES,
  type LeadView,
  pairFeatures,
  viewLead,
  wordWeight,
} from "./features.js";
import { ACRONYM, deletionKeys, hashKey, SQUASHED, WORD } from "./keys.js";
import { MATCH_MODEL, type MatchModel } from "./model.js";
import type { Evidence, MatchLead, MatchOptions, MatchResult } from "./types.js";

/** Default confidence below which a lead is left unmatched. */
export const DEFAULT_THRESHOLD = 0.7;

/** Candidates kept from the name blocks (domain hits are always kept too). */
const NAME_CANDIDATES = 8;
/** A word in more accounts than this is taken as typed correctly (its typo variants are not looked up). */
const COMMON_WORD = 20;
/** Blocks larger than this (very common words) are not scanned. */
const MAX_BLOCK = 4000;
/** Most accounts on one registrable domain for all of them to be candidates. */
const MAX_DOMAIN_ACCOUNTS = 50;
const NF = FEATURES.length;

/** A scored candidate (pair logit, features). */
export interface Scored {
  readonly account: number;
  readonly features: Float64Array;
  logit: number;
}

/** A lead's scored candidates, best first, and the namesakes left unscored. */
export interface ScoredSet {
  readonly list: Scored[];
  /** Accounts with the top name vote that were not scored (too many namesakes). */
  readonly hidden: number;
  /** The logit each unscored namesake is taken to have. */
  readonly hiddenLogit: number;
}

/**
 * Matches leads against one account index. Holds scratch buffers, so one matcher serves one
 * caller at a time; make one per worker.
 */
export class Matcher {
  private readonly votes: Float64Array;
  private readonly stamp: Int32Array;
  private readonly touched: number[] = [];
  /** Of the last lead's candidates, those with the top name vote. */
  private readonly tied = new Set<number>();
  /** The best few name candidates (scratch) and their geography scores. */
  private readonly top: number[] = [];
  private readonly geo: number[] = [];
  /** Accounts with the top name vote the last lead left unscored. */
  private hidden = 0;
  private tick = 0;
  private readonly weight: (w: string) => number;
  private readonly wordCache = new Map<string, number>();
  private readonly coef: Float64Array;

  constructor(
    readonly index: MatchIndex,
    readonly model: MatchModel = MATCH_MODEL,
  ) {
    this.votes = new Float64Array(index.size);
    this.stamp = new Int32Array(index.size);
    const w = model.weights as Record<string, number>;
    this.coef = Float64Array.from(FEATURES.map((f) => w[f] ?? 0));
    const raw = wordWeight(index);
    this.weight = (w) => {
      let x = this.wordCache.get(w);
      if (x === undefined) {
        x = raw(w);
        if (this.wordCache.size > 100_000) this.wordCache.clear();
        this.wordCache.set(w, x);
      }
      return x;
    };
  }

  /** Match one lead. */
  match(lead: MatchLead, options: MatchOptions = {}): MatchResult {
    const v = viewLead(lead);
    const scored = this.score(v);
    return this.decide(v, scored, options);
  }

  /**
   * Every candidate of a lead view with its features and pair logit, best first, and the
   * namesakes left unscored (accounts with as many name votes as the best, beyond the few scored).
   */
  score(v: LeadView): ScoredSet {
    const ids = this.candidates(v);
    const tied = this.tied;
    const coef = this.coef;
    const list: Scored[] = [];
    const leadWeights = v.words.map(this.weight);
    // One buffer for the lead's candidates (a typed array this size lives outside the JS heap:
    // one allocation per lead, not one per candidate).
    const buffer = new Float64Array(ids.length * NF);
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i] as number;
      const x = buffer.subarray(i * NF, (i + 1) * NF);
      pairFeatures(this.index, v, a, this.weight, x, leadWeights);
      list.push({ account: a, features: x, logit: 0 });
    }
    // Rivals: other candidates whose name is as good (duplicate or near-duplicate names). The
    // unscored namesakes count in the crowd of the decision (see crowd), not here.
    const hidden = this.hidden;
    for (const s of list) {
      const mine = s.features[F.name_soft] as number;
      let rivals = 0;
      if (mine >= 0.5)
        for (const t of list)
          if (t !== s && (t.features[F.name_soft] as number) >= mine - 0.02) rivals++;
      s.features[F.rivals] = Math.log1p(rivals);
      let z = 0;
      for (let k = 0; k < NF; k++) z += (coef[k] as number) * (s.features[k] as number);
      s.logit = z;
    }
    list.sort((p, q) => q.logit - p.logit || p.account - q.account);
    // The unscored namesakes rank below every scored one with the top vote (fewer geography
    // matches): each is taken to be as likely as the least likely of those.
    let hiddenLogit = Number.NEGATIVE_INFINITY;
    if (hidden > 0) {
      hiddenLogit = Number.POSITIVE_INFINITY;
      for (const s of list) if (tied.has(s.account)) hiddenLogit = Math.min(hiddenLogit, s.logit);
    }
    return { list, hidden, hiddenLogit };
  }

  /**
   * Calibrated confidence that candidate `i` of `scored` (best first) is the lead's company, never
   * above its share among the candidates (k equally good candidates give at most 1/k each).
   */
  confidence(scored: ScoredSet, i = 0): number {
    const me = scored.list[i];
    if (!me) return 0;
    const { a, b, c } = this.model.calibration;
    const k = crowd(scored, me.logit);
    const z = a * me.logit + b * k + c;
    return Math.min(1 / (1 + Math.exp(-z)), Math.exp(-k));
  }

  private decide(v: LeadView, scored: ScoredSet, options: MatchOptions): MatchResult {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const conf = this.confidence(scored);
    const best = scored.list[0];
    const index = this.index;
    const candidates = scored.list.slice(0, 3).map((s, i) => ({
      accountId: index.ids[s.account] as string,
      confidence: i === 0 ? round(conf) : round(this.confidence(scored, i)),
    }));
    if (!best || conf < threshold) {
      const why: Evidence[] = best
        ? [
            {
              kind: "below_threshold",
              detail: `best candidate ${index.ids[best.account]} at ${round(conf)} < ${threshold}`,
            },
            ...explain(index, v, best),
          ]
        : [
            {
              kind: "no_candidate",
              detail:
                v.words.length || companyDomains(v).length
                  ? "no account shares a name word or a domain"
                  : "no company name or company domain",
            },
          ];
      return {
        leadId: v.lead.id,
        accountId: null,
        confidence: round(conf),
        evidence: why,
        candidates,
      };
    }
    const evidence = explain(index, v, best);
    let account = best.account;
    let rolledUpFrom: string | undefined;
    if (options.rollup) {
      const root = index.root(account);
      if (root !== account) {
        rolledUpFrom = index.ids[account] as string;
        evidence.push({
          kind: "rollup",
          detail: `subsidiary ${rolledUpFrom} rolled up to ${index.ids[root]}`,
        });
        account = root;
      }
    }
    return {
      leadId: v.lead.id,
      accountId: index.ids[account] as string,
      confidence: round(conf),
      evidence,
      candidates,
      ...(rolledUpFrom ? { rolledUpFrom } : {}),
    };
  }

  /** Candidate accounts: domain hits, then the best name-block hits. */
  private candidates(v: LeadView): number[] {
    const index = this.index;
    const out = new Set<number>();
    for (const d of v.domains) {
      for (const h of d.chain)
        for (const a of index.withHost(h)) {
          out.add(a);
          const p = index.parent[a] as number;
          if (p >= 0) out.add(p);
        }
      const same = index.withRegistrable(d.registrable);
      if (same.length <= MAX_DOMAIN_ACCOUNTS) for (const a of same) out.add(a);
    }
    // Name blocks: each lead word votes once per account with its weight. The heaviest votes go
    // first; once an account not yet hit could no longer reach half the best vote with all the
    // votes left, a block only adds to accounts already hit (the same candidates, fewer hits to
    // sort through: common words' blocks hold thousands).
    const votes = this.votes;
    const stamp = this.stamp;
    const touched = this.touched;
    touched.length = 0;
    const groups: { keys: number[]; weight: number }[] = [];
    for (const w of v.words) {
      const exact = hashKey(WORD, w);
      const keys = [exact];
      // A word many accounts use as it is was not mistyped: its variants are not scanned.
      const { from, to } = index.bucket(exact);
      if (to - from <= COMMON_WORD) deletionKeys(w, keys);
      groups.push({ keys, weight: this.weight(w) });
    }
    const sq = v.name.squashed;
    if (sq) {
      const keys = [hashKey(SQUASHED, sq), hashKey(WORD, sq)];
      if (v.words.length === 1 && sq.length >= 2 && sq.length <= 6) keys.push(hashKey(ACRONYM, sq));
      if (v.name.acronym.length >= 2) keys.push(hashKey(WORD, v.name.acronym));
      groups.push({ keys, weight: Math.log(1 + index.size) });
    }
    // Stable: equal weights keep the lead's word order.
    groups.sort((x, y) => y.weight - x.weight);
    let rest = 0;
    for (const g of groups) rest += g.weight;
    let max = 0;
    for (const { keys, weight } of groups) {
      rest -= weight;
      const fresh = weight + rest >= 0.5 * max - 1e-9;
      const t = ++this.tick;
      for (const key of keys) {
        const { from, to, postings } = index.bucket(key);
        if (to - from > MAX_BLOCK) continue;
        for (let k = from; k < to; k++) {
          const a = postings[k] as number;
          if (stamp[a] === t) continue;
          const before = votes[a] as number;
          if (before === 0) {
            if (!fresh) continue;
            touched.push(a);
          }
          stamp[a] = t;
          const after = before + weight;
          votes[a] = after;
          if (after > max) max = after;
        }
      }
    }
    // Keep the best few by votes, then by geography (a namesake in the lead's state or postal
    // area first), then by position (for determinism), among the accounts with at least half the
    // best vote: one pass that keeps a short sorted list, no sort of all the hits.
    const floor = 0.5 * max;
    const top = this.top;
    const geo = this.geo;
    top.length = 0;
    let atMax = 0;
    for (const a of touched) {
      const va = votes[a] as number;
      if (va < floor) continue;
      if (va >= max) atMax++;
      const ga =
        (v.state && index.states[a] === v.state ? 1 : 0) +
        (v.postal && index.postals[a] === v.postal ? 2 : 0);
      // Position of a in the sorted short list (before the first entry it beats).
      let at = top.length;
      while (at > 0) {
        const b = top[at - 1] as number;
        const vb = votes[b] as number;
        const gb = geo[at - 1] as number;
        if (va > vb || (va === vb && (ga > gb || (ga === gb && a < b)))) at--;
        else break;
      }
      if (at >= NAME_CANDIDATES) continue;
      top.splice(at, 0, a);
      geo.splice(at, 0, ga);
      if (top.length > NAME_CANDIDATES) {
        top.length = NAME_CANDIDATES;
        geo.length = NAME_CANDIDATES;
      }
    }
    const tied = this.tied;
    tied.clear();
    for (const a of top) if ((votes[a] as number) >= max) tied.add(a);
    this.hidden = atMax - tied.size;
    for (const a of touched) votes[a] = 0;
    for (const a of top) out.add(a);
    return [...out];
  }
}

/**
 * How crowded the top is around a logit (default the best): log of the sum over candidates of
 * exp(logit_i - logit); 0 for a lone best, log k for k ties.
 */
export function crowd(scored: ScoredSet, at = scored.list[0]?.logit ?? 0): number {
  let s = 0;
  for (const x of scored.list) s += Math.exp(x.logit - at);
  if (scored.hidden > 0) s += scored.hidden * Math.exp(scored.hiddenLogit - at);
  return Math.log(Math.max(1, s));
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Readable evidence for a scored candidate. */
export function explain(index: MatchIndex, v: LeadView, s: Scored): Evidence[] {
  const f = s.features;
  const out: Evidence[] = [];
  const acct = index.ids[s.account] as string;
  const doms = companyDomains(v).map((d) => d.host);
  if (f[F.domain_host])
    out.push({
      kind: "domain",
      detail: `${doms.join(", ")} is the domain of ${acct} (${index.hosts[s.account]})`,
    });
  else if (f[F.domain_registrable])
    out.push({
      kind: "domain",
      detail: `${doms.join(", ")} shares the registrable domain ${index.registrables[s.account]}`,
    });
  else if (f[F.domain_family])
    out.push({
      kind: "domain",
      detail: `${doms.join(", ")} belongs to the parent or a subsidiary of ${acct}`,
    });
  else if (f[F.domain_conflict])
    out.push({
      kind: "domain_conflict",
      detail: `${doms.join(", ")} is not ${acct}'s domain ${index.hosts[s.account]}`,
    });
  else if (v.email && v.email.kind !== "company")
    out.push({
      kind: "free_mail",
      detail: `${v.email.registrable} is a ${v.email.kind} mail provider (no company signal)`,
    });
  if (f[F.name_acronym])
    out.push({
      kind: "acronym",
      detail: `"${v.lead.company}" is the acronym of "${index.names[s.account]}"`,
    });
  else if (v.words.length > 0)
    out.push({
      kind: "name",
      detail: `"${v.lead.company}" ~ "${index.names[s.account]}" (similarity ${round(f[F.name_soft] as number)})`,
    });
  if (f[F.state_same]) out.push({ kind: "state", detail: `same state ${v.state}` });
  if (f[F.state_diff])
    out.push({ kind: "state", detail: `state ${v.state} differs from ${index.states[s.account]}` });
  if (f[F.postal_same]) out.push({ kind: "postal", detail: `same postal area ${v.postal}` });
  if (f[F.country_diff])
    out.push({
      kind: "country",
      detail: `country ${v.country} differs from ${index.countries[s.account]}`,
    });
  if (f[F.rivals])
    out.push({
      kind: "rivals",
      detail: `${Math.round(Math.expm1(f[F.rivals] as number))} other account(s) with as close a name`,
    });
  return out;
}
