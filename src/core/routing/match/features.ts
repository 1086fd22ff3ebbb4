import type { MatchIndex } from "./account-index.js";
import { normCountry, normPostal, normState } from "./account-index.js";
import { type DomainInfo, domainOf, hostChain } from "./domains.js";
import { isDescriptor, legalKind, type NormalName, normalizeName } from "./normalize.js";
import { bigramDice, jaroWinkler } from "./similarity.js";
import type { MatchLead } from "./types.js";

/**
 * Evidence features of a (lead, account) pair, in this order. Each is a number in about [0, 3];
 * the pair model weighs them (see model.ts) and explanations name them.
 */
export const FEATURES = [
  "bias",
  "domain_host", // the lead's e-mail or website host is the account's domain (or under it)
  "domain_registrable", // same registrable domain, other host
  "domain_shared", // log(1 + other accounts on that registrable domain), when domain_registrable
  "domain_family", // the lead's domain is the account's parent's or child's
  "domain_conflict", // the lead has a company domain, the account another one
  "name_soft", // soft TF-IDF of the core words
  "name_jw", // Jaro-Winkler of the squashed names
  "name_dice", // bigram Dice of the squashed names
  "name_exact", // squashed names equal
  "name_acronym", // one name is the other's acronym
  "name_missing", // the lead gave no company name
  "name_rare", // rarity of the rarest distinctive word the two names share
  "name_weak_only", // the only shared words are descriptors ("group", "systems", ...)
  "name_fuzzy", // the distinctive words the names share all differ by a typo (none is equal)
  "legal_same", // both names carry a legal form, the same one (Inc = Incorporated, ...)
  "legal_diff", // both names carry a legal form, different ones (an LLC is not the Inc)
  "state_same", // same state (times the name or domain strength: a tie-breaker)
  "state_diff",
  "postal_same",
  "country_diff",
  "size_diff", // |log10 employees ratio|, capped at 3
  "rivals", // log(1 + other candidates with a name as good), filled by the matcher
] as const;
export type FeatureName = (typeof FEATURES)[number];
export const F = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<FeatureName, number>;

/** A lead prepared once for comparing with many accounts. */
export interface LeadView {
  readonly lead: MatchLead;
  readonly name: NormalName;
  /** The name's legal form, canonical (see legalKind), or "". */
  readonly legal: string;
  /** Company words without "and". */
  readonly words: readonly string[];
  readonly email: DomainInfo | null;
  readonly web: DomainInfo | null;
  /** The company domains among them (see companyDomains). */
  readonly domains: readonly CompanyDomain[];
  readonly country: string;
  readonly state: string;
  readonly postal: string;
  readonly employees: number;
}

/** Normalise a lead's fields. */
export function viewLead(lead: MatchLead): LeadView {
  const name = normalizeName(lead.company);
  const email = domainOf(lead.email, "email");
  const web = domainOf(lead.website, "web");
  const domains: CompanyDomain[] = [];
  if (email?.kind === "company")
    domains.push({ ...email, chain: hostChain(email.host, email.registrable) });
  if (web?.kind === "company" && web.registrable !== email?.registrable)
    domains.push({ ...web, chain: hostChain(web.host, web.registrable) });
  return {
    lead,
    name,
    legal: legalKind(name.legal),
    words: name.tokens.filter((w) => w !== "and"),
    email,
    web,
    domains,
    country: normCountry(lead.country),
    state: normState(lead.state),
    postal: normPostal(lead.postalCode),
    employees: lead.employees != null && lead.employees > 0 ? lead.employees : Number.NaN,
  };
}

/** A company domain of a lead with its hosts up to the registrable domain (see hostChain). */
export interface CompanyDomain extends DomainInfo {
  readonly chain: readonly string[];
}

/** The lead's company domains (e-mail and website) that name an organisation. */
export function companyDomains(v: LeadView): readonly CompanyDomain[] {
  return v.domains;
}

/** Word weight: inverse document frequency among the accounts (descriptors count a third). */
export function wordWeight(index: MatchIndex): (w: string) => number {
  const n = index.size + 1;
  return (w: string) => {
    if (w === "and") return 0;
    const idf = Math.log(1 + n / (1 + index.wordFrequency(w)));
    return isDescriptor(w) ? idf / 3 : idf;
  };
}

/**
 * Features of lead view `v` against account `a` (rivals left 0). `leadWeights` are the weights of
 * `v.words` (worked out once per lead when many accounts are compared).
 */
export function pairFeatures(
  index: MatchIndex,
  v: LeadView,
  a: number,
  weight: (w: string) => number,
  out: Float64Array,
  leadWeights: readonly number[] = v.words.map(weight),
): void {
  out.fill(0);
  out[F.bias] = 1;
  // Domains.
  const host = index.hosts[a];
  const reg = index.registrables[a];
  let hostHit = false;
  let regHit = false;
  let family = false;
  const doms = v.domains;
  for (const d of doms) {
    // The account's own host, or its registrable domain when no other account shares it
    // (a lead at acme.com is the account whose site is corporate.acme.com).
    if (
      host &&
      (d.chain.includes(host) || (d.registrable === reg && index.withRegistrable(reg).length === 1))
    )
      hostHit = true;
    else if (reg && d.registrable === reg) regHit = true;
    if (!hostHit && familyDomain(index, a, d)) family = true;
  }
  if (hostHit) out[F.domain_host] = 1;
  else if (regHit) {
    out[F.domain_registrable] = 1;
    out[F.domain_shared] = Math.log1p(Math.max(0, index.withRegistrable(reg as string).length - 1));
  }
  if (!hostHit && !regHit && family) out[F.domain_family] = 1;
  if (doms.length > 0 && reg && !hostHit && !regHit && !family) out[F.domain_conflict] = 1;
  // Names.
  const accountName = index.names[a] as string;
  if (v.words.length === 0) out[F.name_missing] = 1;
  else if (accountName) {
    const split = accountName.split(" ");
    const aw = accountName.includes("and") ? split.filter((w) => w !== "and") : split;
    // Soft TF-IDF (each lead word to its closest unused account word) and word evidence, in one pass.
    let na = 0;
    let nb = 0;
    for (const x of leadWeights) na += x * x;
    const aws = AW;
    aws.length = 0;
    for (const w of aw) {
      const x = weight(w);
      aws.push(x);
      nb += x * x;
    }
    let dot = 0;
    let used = 0;
    let rare = 0;
    let shared = 0;
    let strong = 0;
    let strongExact = 0;
    const n1 = Math.log(1 + index.size + 1);
    for (let i = 0; i < v.words.length; i++) {
      const w = v.words[i] as string;
      let best = 0;
      let at = -1;
      for (let j = 0; j < aw.length; j++) {
        if (used & (1 << j)) continue;
        const x = aw[j] as string;
        const sim = w === x ? 1 : jaroWinkler(w, x);
        if (sim > best) {
          best = sim;
          at = j;
        }
      }
      if (at < 0 || best < 0.9) continue;
      used |= 1 << at;
      const lw = leadWeights[i] as number;
      dot += lw * (aws[at] as number) * best;
      shared++;
      if (!isDescriptor(w)) {
        strong++;
        if (w === aw[at]) strongExact++;
        rare = Math.max(rare, lw / n1);
      }
    }
    out[F.name_soft] = na > 0 && nb > 0 ? Math.min(1, dot / Math.sqrt(na * nb)) : 0;
    const ls = v.name.squashed;
    const as = aw.join("");
    out[F.name_jw] = jaroWinkler(ls, as);
    out[F.name_dice] = bigramDice(ls, as);
    if (ls === as) out[F.name_exact] = 1;
    const acr = index.acronyms[a] as string;
    if ((acr.length >= 2 && ls === acr) || (v.name.acronym.length >= 2 && as === v.name.acronym))
      out[F.name_acronym] = 1;
    out[F.name_rare] = rare;
    if (shared > 0 && strong === 0) out[F.name_weak_only] = 1;
    if (strong > 0 && strongExact === 0) out[F.name_fuzzy] = 1;
    const al = index.legals[a] as string;
    if (al && v.legal) out[al === v.legal ? F.legal_same : F.legal_diff] = 1;
  }
  // Geography and size.
  // Geography and size break ties between good names: they count in proportion to the name.
  const strength = Math.max(out[F.name_soft] as number, out[F.domain_host] as number);
  const st = index.states[a] as string;
  if (v.state && st) out[v.state === st ? F.state_same : F.state_diff] = strength;
  const pc = index.postals[a] as string;
  if (v.postal && pc && v.postal === pc) out[F.postal_same] = strength;
  const co = index.countries[a] as string;
  if (v.country && co && v.country !== co) out[F.country_diff] = 1;
  const e = index.employees[a] as number;
  if (!Number.isNaN(e) && !Number.isNaN(v.employees))
    out[F.size_diff] = Math.min(3, Math.abs(Math.log10(e / v.employees)));
}

/** Scratch: weights of the account words being compared. */
const AW: number[] = [];

/** Whether domain d belongs to account a's parent or to one of a's children. */
function familyDomain(index: MatchIndex, a: number, d: CompanyDomain): boolean {
  const p = index.parent[a] as number;
  if (p >= 0) {
    const ph = index.hosts[p];
    if (ph && d.chain.includes(ph)) return true;
  }
  for (const h of d.chain)
    for (const c of index.withHost(h)) if (index.parent[c] === a) return true;
  return false;
}
