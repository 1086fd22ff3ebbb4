/**
 * A uniform grid over points for ring-by-ring nearest searches (hand-written: the project has
 * no spatial-index dependency and this needs only typed arrays).
 */
export class PointGrid {
  private readonly x0: number;
  private readonly y0: number;
  private readonly cw: number;
  private readonly gx: number;
  private readonly gy: number;
  private readonly cellStart: Int32Array;
  private readonly items: Int32Array;

  /** Grid over points (xs[i], ys[i]) with about `perCell` points per cell. */
  constructor(
    readonly xs: Float64Array,
    readonly ys: Float64Array,
    perCell: number,
  ) {
    const n = xs.length;
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, xs[i] ?? 0);
      x1 = Math.max(x1, xs[i] ?? 0);
      y0 = Math.min(y0, ys[i] ?? 0);
      y1 = Math.max(y1, ys[i] ?? 0);
    }
    if (n === 0) x0 = x1 = y0 = y1 = 0;
    const side = Math.max(1, Math.ceil(Math.sqrt(n / perCell)));
    this.cw = Math.max((x1 - x0) / side, (y1 - y0) / side, 1e-9);
    this.x0 = x0;
    this.y0 = y0;
    this.gx = Math.max(1, Math.ceil((x1 - x0) / this.cw) + 1);
    this.gy = Math.max(1, Math.ceil((y1 - y0) / this.cw) + 1);
    const cells = this.gx * this.gy;
    const cellStart = new Int32Array(cells + 1);
    const cellOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = this.cellIndex(xs[i] ?? 0, ys[i] ?? 0);
      cellOf[i] = c;
      cellStart[c + 1] = (cellStart[c + 1] ?? 0) + 1;
    }
    for (let c = 0; c < cells; c++)
      cellStart[c + 1] = (cellStart[c + 1] ?? 0) + (cellStart[c] ?? 0);
    const fill = cellStart.slice(0, cells);
    const items = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = cellOf[i] ?? 0;
      items[fill[c] ?? 0] = i;
      fill[c] = (fill[c] ?? 0) + 1;
    }
    this.cellStart = cellStart;
    this.items = items;
  }

  private cellIndex(x: number, y: number): number {
    const cx = Math.min(this.gx - 1, Math.max(0, Math.floor((x - this.x0) / this.cw)));
    const cy = Math.min(this.gy - 1, Math.max(0, Math.floor((y - this.y0) / this.cw)));
    return cy * this.gx + cx;
  }

  /**
   * Visit points ring by ring around (x, y). Before each ring, `onRing(minDist)` gets a lower
   * bound on the distance of every point not yet visited and returns false to stop.
   */
  search(
    x: number,
    y: number,
    onRing: (minDist: number) => boolean,
    visit: (i: number) => void,
  ): void {
    const c0 = this.cellIndex(x, y);
    const cx0 = c0 % this.gx;
    const cy0 = Math.floor(c0 / this.gx);
    const maxRing = Math.max(this.gx, this.gy);
    for (let ring = 0; ring <= maxRing; ring++) {
      if (!onRing(Math.max(0, (ring - 1) * this.cw))) return;
      for (let cy = cy0 - ring; cy <= cy0 + ring; cy++) {
        if (cy < 0 || cy >= this.gy) continue;
        const edgeRow = cy === cy0 - ring || cy === cy0 + ring;
        for (let cx = cx0 - ring; cx <= cx0 + ring; cx += edgeRow || ring === 0 ? 1 : 2 * ring) {
          if (cx < 0 || cx >= this.gx) continue;
          const c = cy * this.gx + cx;
          for (let i = this.cellStart[c] ?? 0; i < (this.cellStart[c + 1] ?? 0); i++)
            visit(this.items[i] ?? 0);
        }
      }
    }
  }
}
