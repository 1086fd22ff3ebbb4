/**
 * The portable scenario as bytes, for the web app's territory page: a small JSON head (config,
 * names, ids) and the numeric columns (measures, coordinates, owners, plan...) as little-endian
 * typed arrays, so the browser reads megabytes of numbers without parsing text. Numbers travel
 * exactly (float64 / int32), so the browser's report of the plan equals the server's. The head
 * may carry extra JSON (the report of the plan as sent), NaN kept.
 *
 * Layout: "PDS1", u32 head length, head (UTF-8 JSON), zero padding to a multiple of 8, then each
 * column of head.columns in order, each starting at a multiple of 8.
 */
import type { PortableScenario } from "./portable.js";

type Num = number | null;

const MAGIC = "PDS1";

/** The numeric columns and their element type (nullable ones travel as NaN). */
const COLUMNS = {
  measures: "f64",
  x: "f64",
  y: "f64",
  owner: "i32",
  tag: "i32",
  capacity: "f64",
  homeX: "f64?",
  homeY: "f64?",
  targets: "f64",
  edges: "i32",
  lockTo: "i32",
  unitOf: "i32",
  latitude: "f64?",
  longitude: "f64?",
  assign: "i32",
} as const satisfies Partial<Record<keyof PortableScenario, string>>;
type ColumnKey = keyof typeof COLUMNS;

interface Head {
  readonly rest: Record<string, unknown>;
  readonly columns: { key: ColumnKey; length: number }[];
  /** unitIds equal accountIds (one unit per account): sent once. */
  readonly unitIdsAreAccountIds: boolean;
  readonly extra: unknown;
}

/** JSON that keeps NaN and infinities (reports hold NaN for "not applicable"). */
const replacer = (_k: string, v: unknown) =>
  typeof v === "number" && !Number.isFinite(v) ? `\u0000${v}` : v;
const reviver = (_k: string, v: unknown) =>
  typeof v === "string" && v.charCodeAt(0) === 0 ? Number(v.slice(1)) : v;

const pad8 = (n: number) => (n + 7) & ~7;

/** Encode a scenario (and any JSON `extra`, e.g. its report) as bytes. */
export function encodePortable(s: PortableScenario, extra: unknown = null): Uint8Array {
  const rest: Record<string, unknown> = {};
  const columns: Head["columns"] = [];
  const same =
    s.unitIds.length === s.accountIds.length && s.unitIds.every((id, i) => id === s.accountIds[i]);
  for (const [k, v] of Object.entries(s)) {
    if (k in COLUMNS) {
      if (v !== undefined) columns.push({ key: k as ColumnKey, length: (v as unknown[]).length });
    } else if (!(k === "unitIds" && same)) rest[k] = v;
  }
  const head: Head = { rest, columns, unitIdsAreAccountIds: same, extra };
  const headBytes = new TextEncoder().encode(JSON.stringify(head, replacer));
  let size = pad8(8 + headBytes.length);
  for (const c of columns) size += pad8(c.length * (COLUMNS[c.key] === "i32" ? 4 : 8));
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, headBytes.length, true);
  out.set(headBytes, 8);
  let at = pad8(8 + headBytes.length);
  for (const c of columns) {
    const values = s[c.key] as readonly Num[];
    if (COLUMNS[c.key] === "i32") {
      const a = new Int32Array(out.buffer, at, c.length);
      for (let i = 0; i < c.length; i++) a[i] = values[i] ?? 0;
      at += pad8(c.length * 4);
    } else {
      const a = new Float64Array(out.buffer, at, c.length);
      for (let i = 0; i < c.length; i++) a[i] = values[i] ?? Number.NaN;
      at += pad8(c.length * 8);
    }
  }
  return out;
}

/** Decode bytes of encodePortable: the scenario and the extra JSON it carried. */
export function decodePortable(bytes: ArrayBuffer | Uint8Array): {
  scenario: PortableScenario;
  extra: unknown;
} {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  // Typed views need aligned offsets: copy when the bytes do not start on an 8-byte boundary.
  const buf = u8.byteOffset % 8 === 0 ? u8 : u8.slice();
  if (buf.length < 8 || new TextDecoder().decode(buf.subarray(0, 4)) !== MAGIC)
    throw new Error("not a portable scenario (bad magic)");
  const headLength = new DataView(buf.buffer, buf.byteOffset).getUint32(4, true);
  if (8 + headLength > buf.length) throw new Error("portable scenario truncated (head)");
  const head = JSON.parse(
    new TextDecoder().decode(buf.subarray(8, 8 + headLength)),
    reviver,
  ) as Head;
  const out: Record<string, unknown> = { ...head.rest };
  let at = buf.byteOffset + pad8(8 + headLength);
  const end = buf.byteOffset + buf.length;
  for (const c of head.columns) {
    const type = COLUMNS[c.key];
    if (!type) throw new Error(`portable scenario: unknown column ${c.key}`);
    const width = type === "i32" ? 4 : 8;
    if (at + c.length * width > end) throw new Error(`portable scenario truncated (${c.key})`);
    const view =
      type === "i32"
        ? new Int32Array(buf.buffer, at, c.length)
        : new Float64Array(buf.buffer, at, c.length);
    out[c.key] =
      type === "f64?" ? Array.from(view, (v) => (Number.isNaN(v) ? null : v)) : Array.from(view);
    at += pad8(c.length * width);
  }
  if (head.unitIdsAreAccountIds) out.unitIds = out.accountIds;
  return { scenario: out as unknown as PortableScenario, extra: head.extra };
}
