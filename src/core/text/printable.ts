/**
 * Text safe to echo to a terminal, and the characters in ids that people cannot see or tell
 * apart. Pure: no I/O.
 */

/**
 * C0 and C1 control characters (ESC starts terminal escape sequences), DEL, and the invisible
 * format characters of Unicode (zero-width spaces and joiners, bidirectional overrides, BOM).
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/**
 * Escape what a terminal would interpret or hide: control characters and invisible format
 * characters become `\u{1b}`-style escapes; tab and newline become `\t` and `\n`. Use it on any
 * data echoed to a terminal (messages quoting cells, ids, file names).
 *
 * @example printable("A1\u200b\u001b[31m") === "A1\\u{200b}\\u{1b}[31m"
 */
export function printable(text: string): string {
  if (!needsEscape(text)) return text;
  return text
    .replace(/\t/g, "\\t")
    .replace(/\n/g, "\\n")
    .replace(UNSAFE, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}

const ANY_UNSAFE = new RegExp(`${UNSAFE.source}|[\\t\\n]`);

/** Whether `printable` would change the text. */
export function needsEscape(text: string): boolean {
  return ANY_UNSAFE.test(text);
}

/** Invisible characters (zero-width, soft hyphen, BOM, bidi marks) inside an id. */
export const INVISIBLE =
  /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/**
 * Letters of other scripts that look like Latin ones (Cyrillic and Greek capitals and small
 * letters drawn the same), mapped to the Latin letter they look like.
 */
export const LOOKALIKES: Readonly<Record<string, string>> = {
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  у: "y",
  х: "x",
  і: "i",
  ј: "j",
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
  ο: "o",
};

const LOOKALIKE_RE = new RegExp(`[${Object.keys(LOOKALIKES).join("")}]`, "g");

/** An id with invisible characters removed and look-alike letters replaced by Latin ones. */
export function skeleton(id: string): string {
  return id.replace(INVISIBLE, "").replace(LOOKALIKE_RE, (c) => LOOKALIKES[c] ?? c);
}

/** What is odd about an id's characters, or null: "invisible U+200B", "look-alike U+0410". */
export function oddIdCharacters(id: string): string | null {
  const inv = id.match(INVISIBLE);
  if (inv) return `an invisible character U+${hex(inv[0])}`;
  // A look-alike letter only counts among Latin letters (a fully Cyrillic id is just Cyrillic).
  const look = id.match(LOOKALIKE_RE);
  if (look && /[A-Za-z]/.test(id))
    return `a letter of another script that looks Latin (U+${hex(look[0])} "${look[0]}")`;
  return null;
}

const hex = (c: string) => (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
