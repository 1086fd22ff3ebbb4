/**
 * Text encodings of delimited files: byte-order marks, names given by users, and a guess of the
 * encoding of a file that is not UTF-8 (for the error message; never used to read silently).
 * Decoding is the platform's `TextDecoder` (WHATWG encodings; Node has full ICU).
 */

/** The encoding a byte-order mark announces, and the mark's length. */
export function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { encoding: "utf-8", length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

/**
 * The canonical name of an encoding label (`latin1` -> `windows-1252`, `mac` -> `macintosh`),
 * or null when the platform does not know it.
 */
export function canonicalEncoding(label: string): string | null {
  const l = label.trim().toLowerCase();
  const alias = l === "mac" || l === "macroman" || l === "mac-roman" ? "macintosh" : l;
  try {
    return new TextDecoder(alias).encoding;
  } catch {
    return null;
  }
}

/** Whether text in this encoding keeps ASCII bytes as they are (so a byte 10 is a newline). */
export function asciiCompatible(encoding: string): boolean {
  return !encoding.startsWith("utf-16");
}

/** Bytes 0x80-0x9f that are punctuation in Windows-1252 (quotes, dashes, euro, ...). */
const CP1252_PUNCTUATION = new Set([
  0x80, 0x82, 0x84, 0x85, 0x86, 0x87, 0x89, 0x8b, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x99,
  0x9b,
]);

/**
 * The likely encoding of bytes that are not valid UTF-8: UTF-16 when every other byte is zero,
 * Mac Roman when lines end in a lone carriage return (old Mac files), else Windows-1252 (Excel's
 * default on Windows, a superset of Latin-1).
 */
export function guessEncoding(bytes: Uint8Array): string {
  const n = Math.min(bytes.length, 1 << 16);
  let evenZeros = 0;
  let oddZeros = 0;
  let cr = 0;
  let lf = 0;
  let punct = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) {
      if (i % 2 === 0) evenZeros++;
      else oddZeros++;
    } else if (b === 13) cr++;
    else if (b === 10) lf++;
    else if (b >= 0x80) {
      high++;
      if (CP1252_PUNCTUATION.has(b)) punct++;
    }
  }
  if (oddZeros > n / 4 && oddZeros > evenZeros * 4) return "utf-16le";
  if (evenZeros > n / 4 && evenZeros > oddZeros * 4) return "utf-16be";
  if (cr > 0 && lf === 0 && punct < high) return "macintosh";
  return "windows-1252";
}
