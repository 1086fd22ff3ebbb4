/**
 * A binary min-heap of (key, value) pairs in typed arrays. Hand-written: the region growing
 * needs a fast numeric priority queue and the project has no heap dependency.
 */
export class MinHeap {
  private keys: Float64Array;
  private vals: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.vals = new Int32Array(capacity);
  }

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      const v = new Int32Array(this.size * 2);
      v.set(this.vals);
      this.keys = k;
      this.vals = v;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = this.keys[parent] ?? 0;
      if (pk <= key) break;
      this.keys[i] = pk;
      this.vals[i] = this.vals[parent] ?? 0;
      i = parent;
    }
    this.keys[i] = key;
    this.vals[i] = val;
  }

  /** Remove every entry. */
  clear(): void {
    this.size = 0;
  }

  /** Key of the smallest entry (undefined when empty). */
  peekKey(): number | undefined {
    return this.size > 0 ? this.keys[0] : undefined;
  }

  /** Remove the smallest entry and return its value (-1 when empty). */
  pop(): number {
    if (this.size === 0) return -1;
    const top = this.vals[0] ?? -1;
    const n = --this.size;
    const key = this.keys[n] ?? 0;
    const val = this.vals[n] ?? 0;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (this.keys[c + 1] ?? 0) < (this.keys[c] ?? 0)) c++;
      if ((this.keys[c] ?? 0) >= key) break;
      this.keys[i] = this.keys[c] ?? 0;
      this.vals[i] = this.vals[c] ?? 0;
      i = c;
    }
    this.keys[i] = key;
    this.vals[i] = val;
    return top;
  }
}
