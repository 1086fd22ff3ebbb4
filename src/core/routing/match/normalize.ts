import { ACRONYM_STOP, DESCRIPTORS, LEGAL_FORMS, WORD_VARIANTS } from "./vocabulary.js";

/** A company name reduced to what identifies the company. */
export interface NormalName {
  /** Core words: lower case, no accents or punctuation, legal form and leading "the" removed. */
  readonly tokens: readonly string[];
  /** The legal form that was removed (`inc`, `gmbh`, ...), or "". */
  readonly legal: string;
  /** The core words joined without spaces (`exxon mobil` -> `exxonmobil`). */
  readonly squashed: string;
  /** Initials of the core words (without `and`, `of`, ...) when there are at least two. */
  readonly acronym: string;
}

const LEGAL = new Set(LEGAL_FORMS);
const MAX_LEGAL_WORDS = Math.max(...LEGAL_FORMS.map((f) => f.split(" ").length));
const DESCRIPTOR = new Set(DESCRIPTORS);
const STOP = new Set(ACRONYM_STOP);
const VARIANT = new Map(Object.entries(WORD_VARIANTS));
const NON_ASCII = /[\u0080-\uffff]/;

/** Whether a normalised word is a weak descriptor ("group", "systems", ...). */
export function isDescriptor(word: string): boolean {
  return DESCRIPTOR.has(word);
}

/**
 * Split a raw company name into normalised words: accents and case folded, `&`/`+` read as
 * `and`, apostrophes dropped, dotted and spaced single letters joined (`S.A.` -> `sa`).
 */
export function words(raw: string): string[] {
  let s = raw.toLowerCase();
  if (NON_ASCII.test(s)) {
    s = s
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ß/g, "ss")
      .replace(/æ/g, "ae")
      .replace(/ø/g, "o")
      .replace(/œ/g, "oe")
      .replace(/ł/g, "l")
      .replace(/[’´]/g, "'");
  }
  if (s.includes("&") || s.includes("+")) {
    // "AT&T", "P&G": an ampersand inside a short run of letters is part of the name.
    s = s.replace(/\b([a-z]{1,2})&([a-z]{1,2})\b/g, "$1$2").replace(/[&+]/g, " and ");
  }
  if (s.includes("'") || s.includes("`")) s = s.replace(/['`]/g, "");
  const raw1 = s.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
  // Join runs of single letters: "s a" -> "sa", "i b m" -> "ibm".
  const out: string[] = [];
  let run = "";
  for (const w of raw1) {
    if (w.length === 1 && w >= "a" && w <= "z") {
      run += w;
      continue;
    }
    if (run) out.push(run);
    run = "";
    out.push(w);
  }
  if (run) out.push(run);
  return out.map((w) => VARIANT.get(w) ?? w);
}

/**
 * Normalise a company name for matching.
 * @example normalizeName("The Procter & Gamble Co.").tokens // ["procter", "and", "gamble"]
 */
export function normalizeName(raw: string | null | undefined): NormalName {
  const ws = raw ? words(cutAlias(raw)) : [];
  let legal = "";
  // Trim until nothing changes, so that normalising a normalised name gives it back: cutting one
  // end can expose another ("X Co & Co" -> "x co and" -> "x co" -> "x").
  for (let before = -1; before !== ws.length && ws.length > 1; ) {
    before = ws.length;
    // Legal forms at the end, possibly several ("Holdings Co., Ltd." -> drop "co ltd").
    for (let guard = 0; guard < 3 && ws.length > 1; guard++) {
      let cut = 0;
      for (let k = Math.min(MAX_LEGAL_WORDS, ws.length - 1); k >= 1; k--) {
        if (LEGAL.has(ws.slice(ws.length - k).join(" "))) {
          cut = k;
          break;
        }
      }
      if (cut === 0) break;
      legal = `${ws.slice(ws.length - cut).join(" ")}${legal ? ` ${legal}` : ""}`;
      ws.length -= cut;
    }
    // A legal form written first ("PT Bank ...", "OOO Romashka").
    if (
      ws.length > 1 &&
      (ws[0] === "pt" || ws[0] === "ooo" || ws[0] === "pjsc" || ws[0] === "jsc")
    ) {
      legal = legal || (ws[0] as string);
      ws.shift();
    }
    while (ws.length > 1 && ws[0] === "the") ws.shift();
    while (ws.length > 1 && ws[ws.length - 1] === "the") ws.pop(); // "Home Depot, The"
    while (ws.length > 1 && ws[ws.length - 1] === "and") ws.pop(); // "Smith &" after "Co" was cut
  }
  const initials = ws.filter((w) => !STOP.has(w)).map((w) => w[0]);
  return {
    tokens: ws,
    legal,
    squashed: ws.filter((w) => w !== "and").join(""),
    acronym: initials.length >= 2 ? initials.join("") : "",
  };
}

const LEGAL_SAME: Readonly<Record<string, string>> = {
  incorporated: "inc",
  corporation: "corp",
  company: "co",
  limited: "ltd",
  companies: "cos",
};

/**
 * The kind of a removed legal form, spellings folded ("incorporated" -> "inc"); of several
 * ("co ltd"), the last: "" when there is none.
 */
export function legalKind(legal: string): string {
  if (!legal) return "";
  const last = legal.slice(legal.lastIndexOf(" ") + 1);
  return LEGAL_SAME[last] ?? last;
}

/** The legal name of "Legal Name dba Brand" / "Legal Name t/a Brand" (the brand is an alias). */
function cutAlias(raw: string): string {
  const m = /\s(?:d\/b\/a|dba|d\.b\.a\.|t\/a|trading as|aka|a\/k\/a)\s/i.exec(raw);
  return m ? raw.slice(0, m.index) : raw;
}

/** The brand of "Legal Name dba Brand", or null. */
export function aliasOf(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const m = /\s(?:d\/b\/a|dba|d\.b\.a\.|t\/a|trading as|aka|a\/k\/a)\s+(.+)$/i.exec(raw);
  return m?.[1]?.trim() || null;
}
