import type { CsvDialect } from "./contract.js";

const CANDIDATES = [",", ";", "\t", "|"] as const;

/** Split sample text into lines, ignoring newlines inside double quotes. */
function sampleLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < text.length && lines.length < max; i++) {
    const c = text[i];
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && (c === "\n" || c === "\r")) {
      lines.push(text.slice(start, i));
      if (c === "\r" && text[i + 1] === "\n") i++;
      start = i + 1;
    }
  }
  if (lines.length < max && start < text.length) lines.push(text.slice(start));
  return lines.filter((l) => l.length > 0);
}

/** Occurrences of `d` outside double quotes. */
function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let inQuote = false;
  for (const c of line) {
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && c === d) n++;
  }
  return n;
}

/**
 * Sniff delimiter and newline style from the start of a file (BOM already removed): the
 * delimiter is the candidate whose count per line is most consistent (and non-zero) across the
 * sampled lines, preferring the header's count; ties go to the earlier candidate.
 */
export function sniffDialect(
  sample: string,
  forced?: { delimiter?: string; quote?: string | null },
): Omit<CsvDialect, "bom"> {
  const firstNl = sample.search(/[\r\n]/);
  const newline: CsvDialect["newline"] =
    firstNl < 0 || sample[firstNl] === "\n" ? "\n" : sample[firstNl + 1] === "\n" ? "\r\n" : "\r";
  const quote = forced?.quote !== undefined ? forced.quote : '"';
  if (forced?.delimiter) return { delimiter: forced.delimiter, quote, newline };
  const lines = sampleLines(sample, 50);
  let best: string = ",";
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const head = counts[0] ?? 0;
    if (head === 0) continue;
    const agree = counts.filter((c) => c === head).length;
    const score = agree / counts.length + head / 1000;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return { delimiter: best, quote, newline };
}
