import { US_STATES } from "../../model/index.js";
import { type DomainInfo, domainOf } from "./domains.js";
import { ACRONYM, blockingWords, hashKey, SQUASHED, WORD, wordKeys } from "./keys.js";
import { legalKind, type NormalName, normalizeName } from "./normalize.js";
import type { MatchAccount } from "./types.js";

/**
 * Accounts prepared for matching: normalised names, domains, geography and a blocking index
 * (hashed keys in compressed sparse rows: word and one-typo variants, squashed name, acronym),
 * so a lead is compared with a handful of accounts, not all of them.
 */
export class MatchIndex {
  readonly size: number;
  readonly ids: readonly string[];
  /** Core words of each account's name joined by spaces. */
  readonly names: readonly string[];
  readonly acronyms: readonly string[];
  /** Canonical legal form of each name (see legalKind), or "". */
  readonly legals: readonly string[];
  readonly hosts: readonly (string | null)[];
  readonly registrables: readonly (string | null)[];
  readonly countries: readonly string[];
  readonly states: readonly string[];
  readonly postals: readonly string[];
  /** Employees (NaN when unknown). */
  readonly employees: Float64Array;
  /** Index of the parent account, or -1. */
  readonly parent: Int32Array;
  private readonly mask: number;
  private readonly offsets: Int32Array;
  private readonly postings: Int32Array;
  private readonly byHost = new Map<string, number[]>();
  private readonly byRegistrable = new Map<string, number[]>();
  private readonly byId = new Map<string, number>();

  constructor(accounts: readonly MatchAccount[]) {
    const n = accounts.length;
    this.size = n;
    const ids: string[] = new Array(n);
    const names: string[] = new Array(n);
    const acronyms: string[] = new Array(n);
    const legals: string[] = new Array(n);
    const hosts: (string | null)[] = new Array(n);
    const regs: (string | null)[] = new Array(n);
    const countries: string[] = new Array(n);
    const states: string[] = new Array(n);
    const postals: string[] = new Array(n);
    this.employees = new Float64Array(n);
    this.parent = new Int32Array(n).fill(-1);
    let keyBucket = new Int32Array(Math.max(16, n * 12));
    let keyAccount = new Int32Array(keyBucket.length);
    let nk = 0;
    const scratch: number[] = [];
    const keys: number[] = [];
    // Few distinct values, a million rows: one string each (less memory, less for the GC to mark).
    const pool = new Map<string, string>();
    const intern = (x: string) => {
      const y = pool.get(x);
      if (y !== undefined) return y;
      pool.set(x, x);
      return x;
    };
    for (let i = 0; i < n; i++) {
      const a = accounts[i] as MatchAccount;
      ids[i] = a.id;
      this.byId.set(a.id, i);
      const nn = normalizeName(a.name);
      names[i] = nn.tokens.join(" ");
      acronyms[i] = nn.acronym.length <= 3 ? intern(nn.acronym) : nn.acronym;
      legals[i] = intern(legalKind(nn.legal));
      const d = domainOf(a.domain, "email");
      hosts[i] = d?.host ?? null;
      regs[i] = d ? (d.registrable === d.host ? d.host : d.registrable) : null;
      if (d) {
        push(this.byHost, d.host, i);
        push(this.byRegistrable, d.registrable, i);
      }
      countries[i] = intern(normCountry(a.country));
      states[i] = intern(normState(a.state));
      postals[i] = intern(normPostal(a.postalCode));
      this.employees[i] = a.employees != null && a.employees > 0 ? a.employees : Number.NaN;
      keys.length = 0;
      accountKeys(nn, keys, scratch);
      if (nk + keys.length > keyBucket.length) {
        const grow = (x: Int32Array) => {
          const y = new Int32Array(Math.max(x.length * 2, nk + keys.length));
          y.set(x);
          return y;
        };
        keyBucket = grow(keyBucket);
        keyAccount = grow(keyAccount);
      }
      for (const k of keys) {
        keyBucket[nk] = k;
        keyAccount[nk++] = i;
      }
    }
    for (let i = 0; i < n; i++) {
      const p = accounts[i]?.parentId;
      if (p) this.parent[i] = this.byId.get(p) ?? -1;
    }
    let buckets = 1024;
    while (buckets < nk && buckets < 1 << 25) buckets *= 2;
    this.mask = buckets - 1;
    const offsets = new Int32Array(buckets + 1);
    for (let k = 0; k < nk; k++) {
      const b = ((keyBucket[k] as number) & this.mask) + 1;
      offsets[b] = (offsets[b] as number) + 1;
    }
    for (let b = 0; b < buckets; b++)
      offsets[b + 1] = (offsets[b + 1] as number) + (offsets[b] as number);
    const fill = offsets.slice(0, buckets);
    const postings = new Int32Array(nk);
    for (let k = 0; k < nk; k++) {
      const b = (keyBucket[k] as number) & this.mask;
      const at = fill[b] as number;
      // Keys of one account are adjacent: skip a repeat of the same account in a bucket.
      if (at > (offsets[b] as number) && postings[at - 1] === keyAccount[k]) continue;
      postings[at] = keyAccount[k] as number;
      fill[b] = at + 1;
    }
    // Compact away the skipped repeats.
    let w = 0;
    const compact = new Int32Array(buckets + 1);
    for (let b = 0; b < buckets; b++) {
      compact[b] = w;
      for (let k = offsets[b] as number; k < (fill[b] as number); k++)
        postings[w++] = postings[k] as number;
    }
    compact[buckets] = w;
    this.offsets = compact;
    this.postings = postings.slice(0, w);
    this.ids = ids;
    this.names = names;
    this.acronyms = acronyms;
    this.legals = legals;
    this.hosts = hosts;
    this.registrables = regs;
    this.countries = countries;
    this.states = states;
    this.postals = postals;
  }

  /** Position of an account id, or -1. */
  indexOf(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  /** Accounts whose postings sit in the bucket of a hashed key (may include hash neighbours). */
  bucket(key: number): {
    readonly from: number;
    readonly to: number;
    readonly postings: Int32Array;
  } {
    const b = key & this.mask;
    return {
      from: this.offsets[b] as number,
      to: this.offsets[b + 1] as number,
      postings: this.postings,
    };
  }

  /** Number of accounts in a word's block (its document frequency, up to hash neighbours). */
  wordFrequency(word: string): number {
    const b = hashKey(WORD, word) & this.mask;
    return (this.offsets[b + 1] as number) - (this.offsets[b] as number);
  }

  /** Accounts whose domain is `host` exactly. */
  withHost(host: string): readonly number[] {
    return this.byHost.get(host) ?? NONE;
  }

  /** Accounts whose registrable domain is `registrable`. */
  withRegistrable(registrable: string): readonly number[] {
    return this.byRegistrable.get(registrable) ?? NONE;
  }

  /** The top-level ancestor of account i (itself when it has no parent; cycles stop). */
  root(i: number): number {
    let r = i;
    for (let steps = 0; steps < 64; steps++) {
      const p = this.parent[r] as number;
      if (p < 0 || p === i) break;
      r = p;
    }
    return r;
  }

  /** Rough bytes held by the index arrays (for benchmarks). */
  get arrayBytes(): number {
    return (
      this.offsets.byteLength +
      this.postings.byteLength +
      this.employees.byteLength +
      this.parent.byteLength
    );
  }
}

const NONE: readonly number[] = [];

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** Blocking keys of an account name. */
function accountKeys(nn: NormalName, out: number[], scratch: number[]): void {
  const ws = blockingWords(nn);
  for (const w of ws) {
    scratch.length = 0;
    wordKeys(w, scratch);
    for (const k of scratch) out.push(k);
  }
  if (ws.length >= 2) out.push(hashKey(SQUASHED, nn.squashed));
  if (nn.acronym.length >= 2) out.push(hashKey(ACRONYM, nn.acronym));
}

/** Upper-case country code or name, "" when unknown (US spellings folded to "US"). */
export function normCountry(c: string | null | undefined): string {
  const s = (c ?? "")
    .trim()
    .toUpperCase()
    .replace(/[.\s]+/g, " ");
  if (!s) return "";
  if (
    s === "USA" ||
    s === "U S A" ||
    s === "U S" ||
    s === "UNITED STATES" ||
    s === "UNITED STATES OF AMERICA"
  )
    return "US";
  if (s === "UK" || s === "GREAT BRITAIN" || s === "UNITED KINGDOM" || s === "ENGLAND") return "GB";
  return s;
}

const STATE_CODES = new Map(US_STATES.map((s) => [s.name.toUpperCase(), s.code]));

/** Upper-case state or province (US state names as their codes), "" when unknown. */
export function normState(s: string | null | undefined): string {
  const t = (s ?? "").trim().toUpperCase().replace(/\.$/, "");
  return STATE_CODES.get(t) ?? t;
}

/** First three characters of a postal code (the sorting area), "" when unknown. */
export function normPostal(p: string | null | undefined): string {
  const s = (p ?? "").trim().toUpperCase().replace(/\s+/g, "");
  return s.length >= 3 ? s.slice(0, 3) : "";
}

export type { DomainInfo };
