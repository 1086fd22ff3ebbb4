/**
 * Synthetic inbound leads with the noise real lead forms have, and their ground truth: typed
 * company names (misspellings, abbreviations, brand instead of legal name, other or no legal
 * suffix, case), free-mail and throw-away addresses, subsidiaries writing from the parent's
 * domain, and leads from companies that are not accounts (some with near-identical names).
 * Draws from its own RNG streams, so the rest of the market is unchanged by it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDescriptor, normalizeName } from "../core/routing/match/normalize.js";
import { parseCsvText } from "../io/csv/reader.js";
import { Rng, WeightedSampler } from "./rng.js";
import { CsvWriter } from "./writer.js";

/** An account leads can come from. */
export interface LeadAccount {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  readonly state: string | null;
  readonly postalCode: string | null;
  readonly employees: number | null;
  readonly parentId: string | null;
}

/** One generated lead and its truth. */
export interface SynthLead {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string | null;
  readonly company: string | null;
  readonly website: string | null;
  readonly country: string | null;
  readonly state: string | null;
  readonly postalCode: string | null;
  readonly employees: number | null;
  readonly createdAt: string;
  /** The account the lead's company is (null: a company not in the account list). */
  readonly truthAccountId: string | null;
  /**
   * Whether the lead's fields can single out its account at all: the account's own domain, or a
   * company name whose distinctive words no other account shares (a namesake with a free-mail
   * address cannot be told apart by anyone).
   */
  readonly identifiable: boolean;
  /** The noise applied, `;`-separated. */
  readonly noise: string;
}

export interface LeadOptions {
  readonly seed: number;
  readonly count: number;
  /** Share of leads from companies that are accounts (default 0.7). */
  readonly accountShare?: number;
  /** Last day leads are created on, YYYY-MM-DD; they spread over the 90 days before. */
  readonly asOf: string;
}

/** RNG streams of the leads (far from the market's account and rep streams). */
const STREAM = 2_000_000_000;

const FIRST = [
  "Ana",
  "Ben",
  "Chloe",
  "Dev",
  "Emma",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jon",
  "Kemi",
  "Liam",
  "Maya",
  "Noah",
  "Olga",
  "Priya",
  "Raj",
  "Sara",
  "Tom",
  "Yuki",
];
const LAST = [
  "Alvarez",
  "Baker",
  "Cohen",
  "Dubois",
  "Evans",
  "Fischer",
  "Gupta",
  "Hughes",
  "Ito",
  "Jensen",
  "Kowalski",
  "Larsen",
  "Moreau",
  "Novak",
  "Okafor",
  "Perez",
  "Rossi",
  "Schmidt",
  "Tanaka",
  "Weber",
];
const FREE = [
  "gmail.com",
  "gmail.com",
  "gmail.com",
  "yahoo.com",
  "hotmail.com",
  "outlook.com",
  "aol.com",
  "icloud.com",
  "proton.me",
  "comcast.net",
];
const THROWAWAY = ["mailinator.com", "yopmail.com", "10minutemail.com", "guerrillamail.com"];
const LEGAL_VARIANTS: Record<string, readonly string[]> = {
  "Inc.": ["Inc", "Inc.", ", Inc.", "Incorporated", "INC"],
  Inc: ["Inc", "Inc.", ", Inc.", "Incorporated"],
  LLC: ["LLC", "L.L.C.", ", LLC", "Llc"],
  LLP: ["LLP", "L.L.P.", ", LLP"],
  Corp: ["Corp", "Corp.", "Corporation", ", Corp."],
  Corporation: ["Corp", "Corp.", "Corporation"],
  "Co.": ["Co", "Co.", "Company", "& Co."],
  Ltd: ["Ltd", "Ltd.", "Limited"],
  GmbH: ["GmbH", "G.m.b.H."],
  "S.A.": ["SA", "S.A.", "S.A"],
  "B.V.": ["BV", "B.V."],
};
const ABBREVIATIONS: Record<string, string> = {
  Systems: "Sys",
  Holdings: "Hldgs",
  Partners: "Ptnrs",
  Group: "Grp",
  Labs: "Lab",
  International: "Intl",
  Technologies: "Tech",
  Services: "Svcs",
};
/** Words that end company names but are not legal forms (brand names often drop them). */
const DESCRIPTORS = new Set([
  "Group",
  "Systems",
  "Labs",
  "Partners",
  "Holdings",
  "Technologies",
  "Solutions",
  "Services",
  "International",
  "Global",
]);
const KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

/** Generate `options.count` leads from `accounts` (deterministic in the options). */
export function generateLeads(accounts: readonly LeadAccount[], options: LeadOptions): SynthLead[] {
  if (accounts.length === 0) return [];
  const share = options.accountShare ?? 0.7;
  const pickRng = new Rng(options.seed, STREAM - 1);
  const sampler = new WeightedSampler(
    accounts.map((a) => Math.sqrt(Math.max(1, a.employees ?? 10))),
  );
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const names = new Set(accounts.map((a) => distinctive(a.name)));
  const nameCount = new Map<string, number>();
  for (const a of accounts)
    nameCount.set(distinctive(a.name), (nameCount.get(distinctive(a.name)) ?? 0) + 1);
  const end = Math.floor(Date.parse(`${options.asOf}T00:00:00Z`) / 86_400_000);
  const out: SynthLead[] = [];
  for (let i = 0; i < options.count; i++) {
    const r = new Rng(options.seed, STREAM + i);
    const id = `L${String(i + 1).padStart(7, "0")}`;
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const local = r.chance(0.5)
      ? `${first}.${last}`.toLowerCase()
      : `${first[0]}${last}`.toLowerCase();
    const day = end - r.int(90);
    const createdAt = new Date(day * 86_400_000 + (8 * 60 + r.int(600)) * 60_000)
      .toISOString()
      .replace(".000", "");
    const noise: string[] = [];
    const fromAccount = pickRng.chance(share);
    const a = fromAccount ? (accounts[sampler.sample(pickRng)] as LeadAccount) : null;
    let company: string | null;
    let domain: string | null;
    let state: string | null;
    let postal: string | null;
    let employees: number | null;
    let forceDomain = false;
    if (a) {
      company = typedName(a.name, r, noise);
      domain = a.domain;
      const parent = a.parentId ? byId.get(a.parentId) : undefined;
      if (parent?.domain && r.chance(0.35)) {
        domain = parent.domain;
        noise.push("parent_domain");
      }
      state = a.state;
      postal = a.postalCode;
      employees = a.employees;
    } else {
      const other = otherCompany(r, accounts, names, noise);
      company = other.name;
      domain = other.domain;
      forceDomain = other.namesake;
      state = r.pick(["CA", "TX", "NY", "FL", "IL", "WA", "MA", "GA", "OH", "CO"]);
      postal = null;
      employees = Math.max(1, Math.round(r.lognormal(Math.log(40), 1.6)));
    }
    // E-mail: the company's domain, a free-mail or a throw-away inbox, rarely none.
    let email: string | null = null;
    const roll = r.next();
    if ((roll < 0.6 || forceDomain) && domain) {
      email = `${local}@${r.chance(0.03) ? `mail.${domain}` : domain}`;
    } else if (roll < 0.94 || !domain) {
      email = `${local}${r.chance(0.5) ? r.int(100) : ""}@${r.pick(FREE)}`;
      noise.push("free_mail");
    } else if (roll < 0.97) {
      email = `${local}@${r.pick(THROWAWAY)}`;
      noise.push("disposable_mail");
    } else noise.push("no_email");
    if (email && r.chance(0.1)) email = email.toUpperCase();
    let website: string | null = null;
    if (domain && r.chance(0.3))
      website = r.pick([
        domain,
        `www.${domain}`,
        `https://www.${domain}/`,
        `http://${domain}/contact`,
      ]);
    if (r.chance(0.05) && company) {
      company = null;
      noise.push("no_company");
    }
    // Geography and size as forms collect them: often missing, sometimes elsewhere.
    let leadState: string | null = null;
    if (state && r.chance(0.6)) {
      leadState = r.chance(0.85) ? state : r.pick(["CA", "TX", "NY", "FL", "IL", "WA", "NJ", "PA"]);
      if (r.chance(0.1)) leadState = leadState.toLowerCase();
    }
    const leadPostal = postal && r.chance(0.3) ? postal : null;
    const country = r.chance(0.7)
      ? r.pick(["US", "USA", "United States", "United States of America"])
      : null;
    const leadEmployees =
      employees && r.chance(0.3) ? Math.max(1, Math.round(employees * r.lognormal(0, 0.5))) : null;
    out.push({
      id,
      firstName: first,
      lastName: last,
      email,
      company,
      website,
      country,
      state: leadState,
      postalCode: leadPostal,
      employees: leadEmployees,
      createdAt,
      truthAccountId: a?.id ?? null,
      identifiable:
        a !== null &&
        ((!!a.domain &&
          !!email?.toLowerCase().endsWith(a.domain) &&
          !noise.includes("parent_domain")) ||
          (!!a.domain && !!website) ||
          (company !== null &&
            (nameCount.get(distinctive(a.name)) ?? 0) === 1 &&
            !noise.includes("acronym"))),
      noise: noise.join(";"),
    });
  }
  return out;
}

/** A company name as a person types it into a form. */
function typedName(legal: string, r: Rng, noise: string[]): string {
  let words = legal.split(" ");
  const suffix = words[words.length - 1] as string;
  const variants = LEGAL_VARIANTS[suffix];
  if (variants) {
    const x = r.next();
    if (x < 0.4) {
      words = words.slice(0, -1);
      noise.push("no_suffix");
    } else if (x < 0.7) {
      words = [...words.slice(0, -1), r.pick(variants)];
      noise.push("other_suffix");
    }
  } else if (DESCRIPTORS.has(suffix) && r.chance(0.35)) {
    words = words.slice(0, -1);
    noise.push("brand_name");
  } else if (ABBREVIATIONS[suffix] && r.chance(0.2)) {
    words = [...words.slice(0, -1), ABBREVIATIONS[suffix] as string];
    noise.push("abbreviation");
  }
  if (r.chance(0.15) && words.length > 1 && !DESCRIPTORS.has(words[words.length - 1] as string)) {
    words.push(r.pick(["Inc", "LLC", "Ltd", "Corp", "Group"]));
    noise.push("added_suffix");
  }
  const core = words.filter((w) => !LEGAL_VARIANTS[w] && !w.startsWith(","));
  if (core.length >= 2 && r.chance(0.05)) {
    noise.push("acronym");
    return core
      .map((w) => w.replace(/[^A-Za-z]/g, "")[0] ?? "")
      .join("")
      .toUpperCase();
  }
  let name = words
    .join(" ")
    .replace(/ ,/g, ",")
    .replace(/ & Co\./, " & Co.");
  const typo = r.next();
  if (typo < 0.15) {
    name = misspell(name, r);
    noise.push("misspelt");
    if (typo < 0.03) {
      name = misspell(name, r);
      noise.push("misspelt_twice");
    }
  }
  if (r.chance(0.03)) {
    name = `The ${name}`;
    noise.push("the");
  }
  const c = r.next();
  if (c < 0.2) {
    name = name.toLowerCase();
    noise.push("lower_case");
  } else if (c < 0.3) {
    name = name.toUpperCase();
    noise.push("upper_case");
  }
  if (r.chance(0.05)) {
    name = `${name}${r.pick([".", " ", ",", "  "])}`;
    noise.push("trailing_punctuation");
  }
  return name;
}

/** One typing slip in the first word: a neighbouring key, a dropped, doubled or swapped letter. */
function misspell(name: string, r: Rng): string {
  const end = Math.max(2, name.indexOf(" ") < 0 ? name.length : name.indexOf(" "));
  const i = 1 + r.int(Math.max(1, end - 1));
  const ch = name[i] ?? "";
  const kind = r.int(4);
  if (kind === 0) return name.slice(0, i) + near(ch, r) + name.slice(i + 1);
  if (kind === 1) return name.slice(0, i) + name.slice(i + 1);
  if (kind === 2) return name.slice(0, i) + ch + name.slice(i);
  return i + 1 < end
    ? name.slice(0, i) + (name[i + 1] ?? "") + ch + name.slice(i + 2)
    : name.slice(0, i);
}

function near(ch: string, r: Rng): string {
  const lower = ch.toLowerCase();
  for (const row of KEYBOARD) {
    const k = row.indexOf(lower);
    if (k < 0) continue;
    const options = [row[k - 1], row[k + 1]].filter((x): x is string => !!x);
    const pick = r.pick(options);
    return ch === lower ? pick : pick.toUpperCase();
  }
  return ch;
}

/** A name's words without legal form and descriptors ("Zotan Technologies Inc." -> "zotan"). */
function distinctive(name: string): string {
  const n = normalizeName(name);
  const strong = n.tokens.filter((w) => !isDescriptor(w) && w !== "and");
  return (strong.length ? strong : n.tokens).join(" ");
}

/** A company that is not an account: a plain new name, or a near-namesake of an account. */
function otherCompany(
  r: Rng,
  accounts: readonly LeadAccount[],
  names: ReadonlySet<string>,
  noise: string[],
): { name: string; domain: string; namesake: boolean } {
  for (let attempt = 0; attempt < 20; attempt++) {
    let name: string;
    let near = false;
    const x = r.next();
    if (x < 0.75) {
      name = inventName(r);
    } else {
      // Near-namesake: an account's distinctive word changed by two letters, another trade.
      const base = (r.pick(accounts).name.split(" ")[0] ?? "X").toLowerCase();
      let w = base;
      for (let k = 0; k < 2; k++) {
        const i = 1 + r.int(Math.max(1, w.length - 1));
        w = w.slice(0, i) + r.pick([..."aeiourstnl"]) + w.slice(i + 1);
      }
      if (w === base) continue;
      name = `${w[0]?.toUpperCase()}${w.slice(1)} ${r.pick(TRADES)}`;
      near = true;
    }
    let namesake = false;
    if (names.has(distinctive(name))) {
      // A different company with an account's name: real, but only its own domain can tell.
      if (!r.chance(0.15)) continue;
      namesake = true;
      noise.push("namesake");
    }
    if (near) noise.push("near_namesake");
    noise.push("other_company");
    const slug = name.toLowerCase().replace(/[^a-z]/g, "");
    return { name, domain: `${slug}${r.int(1000)}.example.org`, namesake };
  }
  noise.push("other_company");
  return {
    name: "Unlisted Company",
    domain: `unlisted${r.int(100000)}.example.org`,
    namesake: false,
  };
}

/** Read a market's accounts.csv into lead sources. */
export function readLeadAccounts(dir: string): LeadAccount[] {
  const { header, rows } = parseCsvText(readFileSync(join(dir, "accounts.csv"), "utf8"));
  const col = (n: string) => header.indexOf(n);
  const [id, name, domain, state, postal, employees, parent] = [
    "account_id",
    "name",
    "domain",
    "state",
    "postal_code",
    "employees",
    "parent_account_id",
  ].map(col) as number[];
  const get = (f: readonly string[], i: number | undefined) =>
    i !== undefined && i >= 0 ? f[i] || null : null;
  return rows.map(({ fields: f }) => ({
    id: get(f, id) ?? "",
    name: get(f, name) ?? "",
    domain: get(f, domain),
    state: get(f, state),
    postalCode: get(f, postal),
    employees: get(f, employees) ? Number(get(f, employees)) : null,
    parentId: get(f, parent),
  }));
}

/** Write leads.csv (what a form tool exports) and truth_leads.csv (which account each lead is). */
export function writeLeads(
  leads: readonly SynthLead[],
  outDir: string,
): { file: string; rows: number }[] {
  const file = new CsvWriter(join(outDir, "leads.csv"), [
    "lead_id",
    "first_name",
    "last_name",
    "email",
    "company",
    "website",
    "country",
    "state",
    "postal_code",
    "employees",
    "created_at",
  ]);
  const truth = new CsvWriter(join(outDir, "truth_leads.csv"), [
    "lead_id",
    "account_id",
    "identifiable",
    "noise",
  ]);
  for (const l of leads) {
    file.row([
      l.id,
      l.firstName,
      l.lastName,
      l.email,
      l.company,
      l.website,
      l.country,
      l.state,
      l.postalCode,
      l.employees,
      l.createdAt,
    ]);
    truth.row([l.id, l.truthAccountId, l.identifiable, l.noise]);
  }
  file.close();
  truth.close();
  return [file, truth].map((f) => ({ file: f.path, rows: f.rows }));
}

/** Leads for a market written in `dir` (reads its accounts.csv): a quarter as many as accounts, at most 50,000. */
export function generateMarketLeads(
  dir: string,
  seed: number,
  accounts: number,
  asOf: string,
): { file: string; rows: number }[] {
  const count = Math.min(50_000, Math.max(200, Math.round(accounts / 4)));
  return writeLeads(generateLeads(readLeadAccounts(dir), { seed, count, asOf }), dir);
}

const STEM_SYLLABLES = [
  "ar",
  "bel",
  "cor",
  "da",
  "el",
  "fin",
  "gal",
  "hex",
  "is",
  "jun",
  "kor",
  "lum",
  "mar",
  "nov",
  "or",
  "pra",
  "quin",
  "ros",
  "sol",
  "tan",
  "ul",
  "ven",
  "wes",
  "xan",
  "yor",
  "zen",
  "al",
  "bri",
  "cal",
  "dex",
  "ev",
  "fa",
  "gen",
  "ha",
  "in",
  "jo",
  "ka",
  "lex",
  "mo",
  "ne",
  "ob",
  "pi",
  "ra",
  "si",
  "to",
  "u",
  "vi",
  "wa",
  "zo",
  "tri",
  "stra",
  "plex",
  "ion",
  "ta",
  "ly",
  "ra",
  "mi",
  "ver",
  "ax",
  "on",
];
const PLACES = [
  "Cedar",
  "Summit",
  "Harbor",
  "Pioneer",
  "Beacon",
  "Redwood",
  "Granite",
  "Lakeside",
  "Evergreen",
  "Riverside",
  "Oakwood",
  "Maple",
  "Prairie",
  "Coastal",
  "Mountain",
  "Valley",
  "Eagle",
  "Falcon",
  "Liberty",
  "Heritage",
  "Golden",
  "Silver",
  "Blue Ridge",
  "Iron",
  "Pacific",
  "Atlantic",
  "Northern",
  "Southern",
  "Midwest",
  "Capital",
  "Metro",
  "Union",
  "Crown",
  "Sterling",
  "Horizon",
  "Keystone",
  "Frontier",
  "Bayview",
  "Hillcrest",
  "Stonebridge",
];
const TRADES = [
  "Dental",
  "Logistics",
  "Realty",
  "Foods",
  "Consulting",
  "Analytics",
  "Builders",
  "Insurance",
  "Medical",
  "Software",
  "Media",
  "Outfitters",
  "Plumbing",
  "Electric",
  "Roofing",
  "Capital",
  "Energy",
  "Pharmacy",
  "Engineering",
  "Manufacturing",
  "Freight",
  "Labs",
  "Health",
  "Financial",
  "Legal",
  "Design",
  "Marketing",
  "Security",
  "Networks",
  "Solar",
  "Motors",
  "Supply",
  "Foods",
  "Brewing",
  "Apparel",
  "Robotics",
  "Biotech",
  "Learning",
  "Travel",
  "Hospitality",
];
const SURNAMES = [
  "Anderson",
  "Baker",
  "Campbell",
  "Donovan",
  "Ellison",
  "Fitzgerald",
  "Gallagher",
  "Harrington",
  "Iverson",
  "Jacobs",
  "Kowalski",
  "Lindqvist",
  "McAllister",
  "Nakamura",
  "O'Brien",
  "Patel",
  "Quintero",
  "Rosenberg",
  "Sullivan",
  "Thornton",
  "Underwood",
  "Vasquez",
  "Whitaker",
  "Yamamoto",
  "Zimmerman",
  "Becker",
  "Castillo",
  "Dubois",
  "Eriksen",
  "Fontaine",
  "Gonzalez",
  "Hoffmann",
  "Ivanova",
  "Jensen",
  "Keller",
  "Lambert",
  "Moreno",
  "Nguyen",
  "Okafor",
  "Petrov",
  "Richter",
  "Schneider",
  "Tanaka",
  "Varga",
  "Wagner",
  "Müller",
  "Søren",
  "Łukasz",
  "Brontë",
  "Nuñez",
];
const LEGALS = [
  "Inc.",
  "Inc.",
  "Inc.",
  "LLC",
  "LLC",
  "Corp",
  "Corporation",
  "Co.",
  "Ltd",
  "LLP",
  "GmbH",
  "S.A.",
  "B.V.",
];
const TLDS = [
  "com",
  "com",
  "com",
  "com",
  "com",
  "com",
  "io",
  "co",
  "net",
  "us",
  "co.uk",
  "de",
  "ai",
];
const US_STATE_CODES = [
  "CA",
  "TX",
  "NY",
  "FL",
  "IL",
  "PA",
  "OH",
  "GA",
  "NC",
  "MI",
  "NJ",
  "VA",
  "WA",
  "AZ",
  "MA",
  "TN",
  "IN",
  "MO",
  "MD",
  "WI",
  "CO",
  "MN",
  "SC",
  "AL",
  "LA",
  "KY",
  "OR",
  "OK",
  "CT",
  "UT",
];

/** A made-up company name as real account lists hold them (brand stems, family, place and trade). */
export function inventName(r: Rng): string {
  const x = r.next();
  let core: string;
  if (x < 0.55) {
    let stem = "";
    const y = r.next();
    for (let k = y < 0.1 ? 2 : y < 0.85 ? 3 : 4; k > 0; k--) stem += r.pick(STEM_SYLLABLES);
    core = `${stem[0]?.toUpperCase()}${stem.slice(1)}`;
    if (r.chance(0.5)) core += ` ${r.pick([...DESCRIPTORS])}`;
  } else if (x < 0.6) {
    const a = r.pick(SURNAMES);
    const y = r.next();
    core =
      y < 0.4 ? `${a} & ${r.pick(SURNAMES)}` : y < 0.7 ? `${a} ${r.pick(TRADES)}` : `${a} Brothers`;
  } else if (x < 0.9) {
    core = `${r.pick(PLACES)} ${r.pick(TRADES)}`;
    if (r.chance(0.3)) core += ` ${r.pick(["Group", "Partners", "Solutions", "Services"])}`;
  } else {
    const letters = "ABCDEFGHJKLMNPRSTW";
    core = `${letters[r.int(letters.length)]}${letters[r.int(letters.length)]}${letters[r.int(letters.length)]} ${r.pick(TRADES)}`;
  }
  return r.chance(0.85) ? `${core} ${r.pick(LEGALS)}` : core;
}

/**
 * An account list with realistic names and domains for matching tests and benchmarks (the
 * synthetic market's names come from few syllables and collide often). Namesakes occur, as in
 * real lists, mostly as the same place-and-trade name in another state.
 */
export function generateMatchAccounts(seed: number, count: number): LeadAccount[] {
  const r = new Rng(seed, STREAM - 2);
  const used = new Set<string>();
  const out: LeadAccount[] = [];
  for (let i = 0; i < count; i++) {
    const name = inventName(r);
    const slug = name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\b(inc|llc|corp|corporation|co|ltd|llp|gmbh|s\.a|b\.v)\b\.?/g, "")
      .replace(/[^a-z0-9]/g, "");
    let domain = `${slug || "company"}.${r.pick(TLDS)}`;
    for (let k = 2; used.has(domain); k++) domain = `${slug}${k}.${r.pick(TLDS)}`;
    used.add(domain);
    const employees = Math.max(1, Math.min(400_000, Math.round(r.lognormal(Math.log(60), 1.7))));
    const parent = i > 50 && employees < 5000 && r.chance(0.04) ? out[r.int(i)] : undefined;
    out.push({
      id: `M${String(i + 1).padStart(7, "0")}`,
      name,
      domain: r.chance(0.95) ? domain : null,
      state: r.pick(US_STATE_CODES),
      postalCode: String(10000 + r.int(89999)),
      employees,
      parentId: parent && (parent.employees ?? 0) > employees ? parent.id : null,
    });
  }
  return out;
}
