import { open } from "node:fs/promises";

/**
 * Byte offsets just after a newline, near each multiple of size/parts (at most `parts - 1`): where
 * a big CSV file can be cut into parts parsed in parallel. A cut may fall inside a quoted field;
 * callers detect that (the part before it ends inside a quote) and read the file whole.
 */
export async function splitPoints(path: string, size: number, parts: number): Promise<number[]> {
  if (parts < 2) return [];
  const fh = await open(path, "r");
  try {
    const out: number[] = [];
    const buf = new Uint8Array(1 << 16);
    for (let k = 1; k < parts; k++) {
      const at = Math.floor((k * size) / parts);
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      const nl = buf.subarray(0, bytesRead).indexOf(10);
      if (nl < 0) continue;
      const cut = at + nl + 1;
      if (cut < size && (out.length === 0 || cut > (out[out.length - 1] as number))) out.push(cut);
    }
    return out;
  } finally {
    await fh.close();
  }
}
