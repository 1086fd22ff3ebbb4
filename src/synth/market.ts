import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DealWriter } from "./deals.js";
import { type County, loadCounties } from "./geo.js";
import { generateMarketLeads } from "./leads.js";
import {
  ICP_THRESHOLD,
  INDUSTRIES,
  INTENT_TOPICS,
  PERSONAS,
  PRODUCTS,
  PROFILE_DESCRIPTION,
  propensity,
  TAGS,
} from "./profile.js";
import { Rng, WeightedSampler } from "./rng.js";
import { CsvWriter } from "./writer.js";

/** What to generate. Output depends only on these options. */
export interface MarketOptions {
  readonly accounts: number;
  readonly reps: number;
  readonly seed: number;
  /** The market's "today", YYYY-MM-DD: history runs up to it, later outcomes stay open. */
  readonly asOf: string;
  /** Years of history before `asOf` (default 3). */
  readonly years?: number;
  /** Multiplier on signal volume (default 1). */
  readonly signalScale?: number;
}

export interface MarketSummary {
  readonly files: readonly { readonly file: string; readonly rows: number }[];
}

const DAY_MS = 86_400_000;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));

interface RepRow {
  readonly id: string;
  readonly role: "AE" | "BDR" | "manager";
  readonly skills: ReadonlySet<string>;
  readonly metro: number;
  readonly quota: number | null;
}

const SYLLABLES = [
  "ac",
  "ve",
  "no",
  "tri",
  "lum",
  "cor",
  "zen",
  "qua",
  "dex",
  "vol",
  "ster",
  "ion",
  "ra",
  "mi",
  "tal",
  "bri",
  "on",
  "ex",
  "ar",
  "ly",
];
const SUFFIXES = ["Inc.", "LLC", "Corp", "Group", "Systems", "Labs", "Partners", "Holdings", "Co."];
const FIRST = [
  "Alex",
  "Sam",
  "Jordan",
  "Taylor",
  "Morgan",
  "Casey",
  "Riley",
  "Jamie",
  "Avery",
  "Drew",
  "Quinn",
  "Reese",
  "Parker",
  "Rowan",
  "Skyler",
  "Elliot",
];
const LAST = [
  "Garcia",
  "Smith",
  "Chen",
  "Patel",
  "Johnson",
  "Nguyen",
  "Brown",
  "Kim",
  "Lopez",
  "Walker",
  "Young",
  "Hall",
  "Rivera",
  "Khan",
  "Clark",
  "Lewis",
];

/** Day number (days since 1970-01-01) of an ISO date. */
function dayOf(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** Generate a market into `outDir` (created if missing): entity CSVs plus ground truth. */
export function generateMarket(
  options: MarketOptions,
  outDir: string,
  onProgress?: (accountsDone: number) => void,
): MarketSummary {
  mkdirSync(outDir, { recursive: true });
  const years = options.years ?? 3;
  const signalScale = options.signalScale ?? 1;
  const today = dayOf(options.asOf);
  const start = today - Math.round(years * 365);
  const dayText = new Map<number, string>();
  const date = (d: number): string => {
    let s = dayText.get(d);
    if (s === undefined) {
      s = new Date(d * DAY_MS).toISOString().slice(0, 10);
      dayText.set(d, s);
    }
    return s;
  };
  const stamp = (d: number, minute: number) => {
    const h = Math.floor(minute / 60);
    const m = minute % 60;
    return `${date(d)}T${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}:00Z`;
  };

  const counties = loadCounties();
  const popSampler = new WeightedSampler(counties.map((c) => c.population));
  const urbanSampler = new WeightedSampler(counties.map((c) => c.population ** 1.35));
  const industrySampler = new WeightedSampler(INDUSTRIES.map((i) => i.weight));

  // --- Reps, based in the largest metros -------------------------------------------------
  const byPop = counties.map((c, i) => ({ c, i })).sort((a, b) => b.c.population - a.c.population);
  const metroCount = Math.max(5, Math.min(300, Math.ceil(options.reps / 3)));
  const metros: County[] = byPop.slice(0, metroCount).map((x) => x.c);
  const metroSampler = new WeightedSampler(metros.map((m) => m.population));
  const managers = Math.max(1, Math.round(options.reps / 8));
  const bdrs = Math.round((options.reps - managers) * 0.15);
  const reps: RepRow[] = [];
  const repFile = new CsvWriter(join(outDir, "reps.csv"), [
    "rep_id",
    "name",
    "email",
    "role",
    "team",
    "manager_id",
    "home_city",
    "home_state",
    "home_postal_code",
    "home_country",
    "home_latitude",
    "home_longitude",
    "skills",
    "capacity",
    "annual_quota",
    "start_date",
    "active",
  ]);
  const managersByRegion = new Map<string, string[]>();
  for (let i = 0; i < options.reps; i++) {
    const r = new Rng(options.seed, 1_000_000_000 + i);
    const role = i < managers ? "manager" : i < managers + bdrs ? "BDR" : "AE";
    const metro = role === "manager" ? i % metros.length : metroSampler.sample(r);
    const m = metros[metro] as County;
    const zip = r.pick(m.zips);
    const skills = new Set<string>();
    const nSkills = 1 + r.int(3);
    while (skills.size < nSkills)
      skills.add((INDUSTRIES[industrySampler.sample(r)] as { name: string }).name);
    const id = `R${String(i + 1).padStart(4, "0")}`;
    const tenure = Math.min(12, r.lognormal(Math.log(3), 0.6));
    const quota =
      role === "AE"
        ? Math.round((500_000 + 120_000 * Math.min(tenure, 8) + 150_000 * r.next()) / 1000) * 1000
        : null;
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    let manager: string | null = null;
    if (role === "manager") {
      const list = managersByRegion.get(m.region) ?? [];
      list.push(id);
      managersByRegion.set(m.region, list);
    } else {
      const list = managersByRegion.get(m.region) ?? [...managersByRegion.values()].flat();
      manager = list.length > 0 ? r.pick(list) : null;
    }
    reps.push({ id, role, skills, metro, quota });
    repFile.row([
      id,
      `${first} ${last}`,
      `${first}.${last}.${i + 1}@paydirt.example`.toLowerCase(),
      role,
      m.region,
      manager,
      zip.city,
      m.state,
      zip.zip,
      "US",
      zip.lat,
      zip.lon,
      [...skills].join(";"),
      role === "manager" ? null : Math.round((0.6 + 0.6 * r.next()) * 20) / 20,
      quota,
      date(today - Math.round(tenure * 365)),
      true,
    ]);
  }
  repFile.close();
  const aes = reps.filter((r) => r.role === "AE");
  if (aes.length === 0) throw new Error("synth: need at least one AE; ask for more reps");
  // Each county's nearest metro that has AEs: books are roughly geographic.
  const aesByMetro = new Map<number, RepRow[]>();
  for (const a of aes) aesByMetro.set(a.metro, [...(aesByMetro.get(a.metro) ?? []), a]);
  const staffed = [...aesByMetro.keys()];
  const nearestMetro = counties.map((c) => {
    let best = staffed[0] ?? 0;
    let bestD = Number.POSITIVE_INFINITY;
    for (const k of staffed) {
      const m = metros[k] as County;
      const dx = (m.lon - c.lon) * Math.cos((c.lat * Math.PI) / 180);
      const d = dx * dx + (m.lat - c.lat) ** 2;
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best;
  });

  const products = new CsvWriter(join(outDir, "products.csv"), [
    "product_id",
    "name",
    "family",
    "list_price",
  ]);
  for (const p of PRODUCTS) products.row([p.product_id, p.name, p.family, p.list_price]);
  products.close();

  // --- Accounts and everything that happens to them ----------------------------------------
  const accountsFile = new CsvWriter(join(outDir, "accounts.csv"), [
    "account_id",
    "name",
    "domain",
    "industry",
    "employees",
    "annual_revenue",
    "city",
    "state",
    "postal_code",
    "country",
    "county_fips",
    "latitude",
    "longitude",
    "tech_tags",
    "parent_account_id",
    "owner_id",
    "year_founded",
  ]);
  const oppFile = new CsvWriter(join(outDir, "opportunities.csv"), [
    "opportunity_id",
    "account_id",
    "owner_id",
    "name",
    "type",
    "stage",
    "status",
    "amount",
    "created_date",
    "close_date",
    "product",
    "lead_source",
  ]);
  const histFile = new CsvWriter(join(outDir, "opportunity_history.csv"), [
    "opportunity_id",
    "changed_at",
    "stage",
    "status",
    "amount",
    "close_date",
    "forecast_category",
  ]);
  const sigFile = new CsvWriter(join(outDir, "signals.csv"), [
    "account_id",
    "occurred_at",
    "kind",
    "value",
    "source",
    "topic",
    "contact_id",
    "persona",
  ]);
  const revFile = new CsvWriter(join(outDir, "revenue.csv"), ["account_id", "month", "mrr"]);
  const truthFile = new CsvWriter(join(outDir, "truth_accounts.csv"), [
    "account_id",
    "propensity",
    "is_icp",
    "expected_deal_size",
    "episodes",
    "first_episode_start",
    "opportunities",
    "won",
    "customer_since",
    "churned_on",
  ]);
  const episodesFile = new CsvWriter(join(outDir, "truth_episodes.csv"), [
    "account_id",
    "start_date",
    "end_date",
    "opportunity_id",
  ]);

  // Stage paths, close-date pushes, forecast categories, trial usage and quotas (own streams).
  const deals = new DealWriter({
    seed: options.seed,
    today,
    start,
    outDir,
    history: histFile,
    signals: sigFile,
    date,
    stamp,
  });
  const employeesOf = new Float64Array(options.accounts);
  let oppSeq = 0;
  const yearNow = Number(options.asOf.slice(0, 4));

  for (let i = 0; i < options.accounts; i++) {
    const r = new Rng(options.seed, i + 1);
    const id = `A${String(i + 1).padStart(7, "0")}`;
    const employees = Math.max(1, Math.min(400_000, Math.round(r.lognormal(Math.log(45), 1.7))));
    employeesOf[i] = employees;
    const lnE = Math.log(employees);
    const countyIndex = (employees >= 1000 ? urbanSampler : popSampler).sample(r);
    const county = counties[countyIndex] as County;
    const zip = r.pick(county.zips);
    const industry = INDUSTRIES[industrySampler.sample(r)] as (typeof INDUSTRIES)[number];
    const sizeFactor = 0.45 + 0.55 * Math.tanh((lnE - 3) / 2.5) + 0.3;
    const tags = new Set<string>();
    for (const [tag, base] of Object.entries(TAGS)) {
      if (r.chance(Math.min(0.95, base * (industry.tags[tag] ?? 0.7) * sizeFactor))) tags.add(tag);
    }
    const p = propensity({ industry: industry.name, employees, tags, region: county.region });
    const name = `${r.pick(SYLLABLES)}${r.pick(SYLLABLES)}${r.pick(SYLLABLES)}`;
    const pretty = `${name[0]?.toUpperCase()}${name.slice(1)}`;
    let parent: string | null = null;
    if (i > 50 && employees < 5000 && r.chance(0.03)) {
      const j = r.int(i);
      if ((employeesOf[j] ?? 0) > employees) parent = `A${String(j + 1).padStart(7, "0")}`;
    }
    const roll = r.next();
    const local = aesByMetro.get(nearestMetro[countyIndex] ?? 0) ?? aes;
    const owner = roll < 0.05 ? null : roll < 0.88 ? r.pick(local) : r.pick(aes);
    accountsFile.row([
      id,
      `${pretty} ${r.pick(SUFFIXES)}`,
      `${name}${i + 1}.example.com`,
      industry.name,
      employees,
      Math.round((employees * r.lognormal(Math.log(180_000), 0.6)) / 1000) * 1000,
      zip.city,
      county.state,
      zip.zip,
      "US",
      county.fips,
      round4(zip.lat + 0.02 * r.normal()),
      round4(zip.lon + 0.02 * r.normal()),
      [...tags].join(";"),
      parent,
      owner?.id ?? null,
      yearNow - Math.min(150, Math.floor(r.lognormal(Math.log(15), 0.8))),
    ]);

    // In-market episodes: intent and engagement rise weeks before an opportunity opens.
    const dealSize = Math.round((900 * Math.sqrt(employees) * (1 + p)) / 100) * 100;
    const nEpisodes = r.poisson(years * (0.12 + 1.1 * p) * (0.6 + 0.4 * Math.tanh(lnE / 4)));
    const episodes: number[] = [];
    for (let e = 0; e < nEpisodes; e++) episodes.push(start + r.int(today - start));
    episodes.sort((a, b) => a - b);
    const contacts = 2 + Math.floor(Math.log2(employees + 1));
    const sig = (
      day: number,
      kind: string,
      value: number,
      source: string,
      topic: string | null,
      person: boolean,
    ) => {
      if (day > today || day < start) return;
      const c = person ? r.int(contacts) : -1;
      sigFile.row([
        id,
        stamp(day, 480 + r.int(600)),
        kind,
        value,
        source,
        topic,
        c >= 0 ? `${id}-C${c}` : null,
        c >= 0 ? PERSONAS[(c + i) % PERSONAS.length] : null,
      ]);
    };
    // Background noise for everyone.
    const bg = r.poisson(years * 0.7 * signalScale * sizeFactor);
    for (let k = 0; k < bg; k++) {
      const d = start + r.int(today - start);
      const kind = r.next();
      if (kind < 0.6) sig(d, "web_visit", 1 + r.int(3), "website", null, false);
      else if (kind < 0.85)
        sig(d, "intent", Math.round(20 + 30 * r.next()), "bombora", r.pick(INTENT_TOPICS), false);
      else sig(d, "content", 1, "website", "whitepaper", true);
    }

    let customerUntil = Number.NEGATIVE_INFINITY; // end of the current customer period
    let customerSince: number | null = null;
    let churnedOn: number | null = null;
    let oppCount = 0;
    let wonCount = 0;
    const periods: {
      from: number;
      to: number;
      mrr: number;
      bumps: { day: number; add: number }[];
    }[] = [];
    for (const s of episodes) {
      const length = 21 + r.int(50);
      const intensity = signalScale * (0.6 + p);
      for (let k = r.poisson(4 * intensity); k > 0; k--) {
        sig(
          s + r.int(length),
          "intent",
          Math.round(60 + 40 * r.next()),
          "bombora",
          r.pick(INTENT_TOPICS),
          false,
        );
      }
      for (let k = r.poisson(3 * intensity); k > 0; k--)
        sig(s + r.int(length), "web_visit", 1 + r.int(5), "website", null, false);
      for (let k = r.poisson(1.2 * intensity); k > 0; k--)
        sig(s + r.int(length), "marketing_lead", 1, "marketo", null, true);
      let oppId: string | null = null;
      const created = s + 14 + r.int(29);
      if (created <= today && r.chance(0.3 + 0.5 * p)) {
        const isCustomer = created < customerUntil;
        const o = openOpportunity(created, isCustomer ? "expansion" : "new");
        oppId = o.id;
        if (o.won && !isCustomer) {
          const churn = renewals(o.close, o.amount / 12, o.owner);
          customerSince ??= o.close;
          periods.push({ from: o.close, to: churn, mrr: o.amount / 12, bumps: [] });
          customerUntil = churn;
          if (churn <= today) churnedOn = churn;
        } else if (o.won && isCustomer) {
          periods[periods.length - 1]?.bumps.push({ day: o.close, add: o.amount / 12 });
        }
      }
      episodesFile.row([id, date(s), date(Math.min(today, s + length)), oppId]);
    }
    for (const period of periods) {
      let mrr = period.mrr;
      const to = Math.min(period.to, today);
      for (let d = monthStart(period.from); d <= to; d = nextMonth(d)) {
        for (const b of period.bumps) if (monthStart(b.day) === d) mrr += b.add;
        if (r.chance(0.01)) mrr *= 0.9; // contraction
        revFile.row([id, date(d), Math.round(mrr)]);
      }
    }
    truthFile.row([
      id,
      round4(p),
      p >= ICP_THRESHOLD,
      dealSize,
      nEpisodes,
      episodes[0] !== undefined ? date(episodes[0]) : null,
      oppCount,
      wonCount,
      customerSince !== null ? date(customerSince) : null,
      churnedOn !== null ? date(churnedOn) : null,
    ]);
    if (onProgress && i % 10_000 === 9_999) onProgress(i + 1);

    /** Open (and, if its time has come, close) one opportunity; writes it and its history. */
    function openOpportunity(
      created: number,
      type: "new" | "expansion" | "renewal",
      fixedClose?: number,
      base?: number,
      ownerRep?: RepRow,
    ) {
      const rep = ownerRep ?? owner ?? r.pick(aes);
      const match = rep.skills.has(industry.name);
      const oid = `O${String(++oppSeq).padStart(8, "0")}`;
      oppCount++;
      const pWin =
        type === "renewal"
          ? 0.8 + 0.17 * p
          : sigmoid(
              logit(Math.min(0.98, type === "expansion" ? 0.2 + 0.8 * p : p)) +
                (match ? 0.8 : -0.2) +
                0.3 * r.normal(),
            );
      const cycle =
        fixedClose !== undefined
          ? fixedClose - created
          : Math.max(7, Math.round(r.lognormal(Math.log(30 + 12 * lnE), 0.35) * (match ? 0.8 : 1)));
      const close = created + cycle;
      const amount =
        Math.round(
          ((base ?? (type === "expansion" ? 0.4 : 1) * dealSize) * r.lognormal(0, 0.3)) / 100,
        ) * 100;
      const product =
        type === "renewal"
          ? "CORE-PRO"
          : employees < 200
            ? "CORE-STD"
            : employees < 2000
              ? "CORE-PRO"
              : "CORE-ENT";
      const won = close <= today && r.chance(pWin);
      const closed = close <= today;
      // Stage path: lost deals leave at some stage; open deals are as far as time has taken them.
      const fractions = [0, 0.15, 0.4, 0.7];
      const reached = closed
        ? won
          ? 4
          : 1 + r.int(4)
        : Math.min(4, 1 + Math.floor(((today - created) / cycle) * 4));
      // History rows come from DealWriter; these draws keep the account's stream as it was.
      for (let k = 0; k < reached; k++) {
        if (created + Math.floor((fractions[k] ?? 0) * cycle) > today) break;
        r.int(480);
      }
      if (closed) r.int(60);
      const now = deals.deal({
        id: oid,
        account: id,
        rep: rep.id,
        type,
        created,
        close,
        closed,
        won,
        pWin,
        amount,
        employees,
      });
      const stage = closed ? (won ? "Closed Won" : "Closed Lost") : now.stage;
      oppFile.row([
        oid,
        id,
        rep.id,
        `${pretty} - ${type}`,
        type,
        stage,
        closed ? (won ? "won" : "lost") : "open",
        closed ? amount : now.amount,
        date(created),
        date(closed ? close : now.closeDate),
        product,
        type === "renewal" ? "renewal" : r.chance(0.6) ? "marketing" : "outbound",
      ]);
      // Trial usage is written by DealWriter; these draws keep the account's stream as it was.
      if (type !== "renewal" && r.chance(0.4)) {
        if (!won && !closed) r.chance(pWin);
        for (let d = 0; d < 21; d += 1 + r.int(3)) {
          r.normal();
          const day = created + Math.floor(0.3 * cycle) + d;
          if (day <= today && day >= start) {
            r.int(contacts);
            r.int(600);
          }
        }
      }
      for (let k = r.poisson(1.5 * signalScale); k > 0; k--)
        sig(created + r.int(Math.max(1, cycle)), "meeting", 1, "calendar", null, true);
      if (won) wonCount++;
      return { id: oid, won, close, amount, owner: rep };
    }

    /** Yearly renewals of a customer period; returns the day it ends (churn) or +inf. */
    function renewals(since: number, mrr: number, rep: RepRow): number {
      for (let anniversary = since + 365; anniversary - 60 <= today; anniversary += 365) {
        const o = openOpportunity(anniversary - 60, "renewal", anniversary, mrr * 12, rep);
        if (anniversary > today) return Number.POSITIVE_INFINITY;
        if (!o.won) return anniversary;
      }
      return Number.POSITIVE_INFINITY;
    }
  }
  const files = [accountsFile, oppFile, histFile, sigFile, revFile, truthFile, episodesFile];
  const quotaRows = deals.quotas(reps);
  const dealFiles = deals.close();
  for (const f of files) f.close();
  writeFileSync(
    join(outDir, "truth.json"),
    `${JSON.stringify(
      {
        generator: "paydirt synth",
        options: { ...options, years, signalScale },
        icp: { threshold: ICP_THRESHOLD, propensity: PROFILE_DESCRIPTION },
        notes: [
          "propensity = P(win) of a new-business deal with an average rep",
          "in-market episodes (truth_episodes.csv) raise intent, web and lead signals for 3-10 weeks; an opportunity may open 2-6 weeks after an episode starts",
          "renewals happen yearly; a lost renewal is churn and ends revenue",
        ],
      },
      null,
      2,
    )}\n`,
  );
  return {
    files: [
      ...[repFile, products, ...files].map((f) => ({ file: f.path, rows: f.rows })),
      { file: join(outDir, "quotas.csv"), rows: quotaRows },
      ...dealFiles,
      ...generateMarketLeads(outDir, options.seed, options.accounts, options.asOf),
    ],
  };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function monthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS);
}

function nextMonth(day: number): number {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS);
}
