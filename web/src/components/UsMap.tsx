import { geoAlbersUsa, geoPath } from "d3-geo";
import { useEffect, useMemo, useRef, useState } from "react";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import states from "us-atlas/states-10m.json";

const W = 960;
const topo = states as unknown as Topology<{
  states: GeometryCollection;
  nation: GeometryCollection;
}>;
const H = 600;

export interface MapPoints {
  readonly latitude: readonly (number | null)[];
  readonly longitude: readonly (number | null)[];
}

/** Ray-casting point-in-polygon test. */
function inside(x: number, y: number, poly: readonly [number, number][]): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i] ?? [0, 0];
    const [xj, yj] = poly[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/**
 * The US (Albers USA, us-atlas state and county borders; no tile server) with accounts as dots
 * coloured by their rep. Wheel zooms, drag pans, a click picks the nearest account; in lasso
 * mode a drag picks every account inside the drawn shape.
 */
export function UsMap({
  points,
  colorIndex,
  colors,
  highlight,
  lasso,
  onPick,
  version,
  fills = null,
}: {
  points: MapPoints;
  /** Colour index (rep) of each point, -1 for none. */
  colorIndex: (i: number) => number;
  colors: readonly string[];
  highlight: number | null;
  lasso: boolean;
  onPick: (indices: number[]) => void;
  /** Changes whenever the colours change (redraw). */
  version: number;
  /** County fills (FIPS id -> colour), drawn under the dots; null for borders only. */
  fills?: ReadonlyMap<string, string> | null;
}) {
  const { path, borders, nation, xy } = useMemo(() => {
    const land = feature(topo, topo.objects.nation);
    const projection = geoAlbersUsa();
    // Frame fitted to the data: the accounts' extent (the whole country when they are spread).
    const located: [number, number][] = [];
    for (let i = 0; i < points.latitude.length; i++) {
      const la = points.latitude[i];
      const lo = points.longitude[i];
      if (la !== null && la !== undefined && lo !== null && lo !== undefined)
        located.push([lo, la]);
    }
    if (located.length > 1)
      projection.fitExtent(
        [
          [20, 20],
          [W - 20, H - 20],
        ],
        { type: "MultiPoint", coordinates: located },
      );
    else projection.fitSize([W, H], land);
    const path = geoPath(projection);
    const xy = new Float32Array(points.latitude.length * 2).fill(Number.NaN);
    for (let i = 0; i < points.latitude.length; i++) {
      const la = points.latitude[i];
      const lo = points.longitude[i];
      if (la === null || la === undefined || lo === null || lo === undefined) continue;
      const p = projection([lo, la]);
      if (p) {
        xy[2 * i] = p[0];
        xy[2 * i + 1] = p[1];
      }
    }
    return {
      path,
      xy,
      nation: path(land) ?? "",
      borders: path(mesh(topo, topo.objects.states, (a, b) => a !== b)) ?? "",
    };
  }, [points]);
  const [counties, setCounties] = useState("");
  const [countyTopo, setCountyTopo] = useState<Topology<{
    counties: GeometryCollection;
  }> | null>(null);
  const [view, setView] = useState({ k: 1, x: 0, y: 0 });
  // County borders (an 840 KB module to parse and mesh) only when they show: zoomed in, or fills
  // asked for; the country view draws state borders alone and becomes interactive sooner.
  const wantCounties = view.k >= 2 || fills !== null;
  useEffect(() => {
    if (!wantCounties) return;
    let live = true;
    import("us-atlas/counties-10m.json").then((m) => {
      const t = (m.default ?? m) as unknown as Topology<{ counties: GeometryCollection }>;
      if (!live) return;
      setCountyTopo(t);
      setCounties(path(mesh(t, t.objects.counties, (a, b) => a !== b)) ?? "");
    });
    return () => {
      live = false;
    };
  }, [path, wantCounties]);
  // Each county's outline, projected once, only when fills are asked for.
  const wantShapes = fills !== null;
  const countyShapes = useMemo(() => {
    if (!wantShapes || !countyTopo) return null;
    const fc = feature(countyTopo, countyTopo.objects.counties);
    return fc.features.map((f) => ({ id: String(f.id ?? ""), d: path(f) ?? "" }));
  }, [wantShapes, countyTopo, path]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [lassoPath, setLassoPath] = useState<[number, number][] | null>(null);
  // Draw the dots (canvas: tens of thousands of accounts).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` stands for the colours
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const rect = c.getBoundingClientRect();
    c.width = Math.max(1, Math.round(rect.width * dpr));
    c.height = Math.max(1, Math.round(rect.height * dpr));
    const s = (rect.width / W) * dpr;
    ctx.setTransform(s * view.k, 0, 0, s * view.k, s * view.x, s * view.y);
    ctx.clearRect(-view.x / view.k, -view.y / view.k, W / view.k, H / view.k);
    const n = xy.length / 2;
    const r = 2.2 / Math.sqrt(view.k);
    const byColor = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(xy[2 * i] ?? Number.NaN)) continue;
      const k = colorIndex(i);
      const list = byColor.get(k);
      if (list) list.push(i);
      else byColor.set(k, [i]);
    }
    for (const [k, list] of byColor) {
      const dim = highlight !== null && highlight !== k;
      ctx.globalAlpha = dim ? 0.12 : 0.9;
      ctx.fillStyle = colors[k] ?? "#888";
      for (const i of list)
        ctx.fillRect((xy[2 * i] ?? 0) - r, (xy[2 * i + 1] ?? 0) - r, 2 * r, 2 * r);
    }
    ctx.globalAlpha = 1;
  }, [xy, view, highlight, colors, version]);
  // Pointer: drag pans (or draws a lasso), a click picks.
  const drag = useRef<{ x0: number; y0: number; vx: number; vy: number; moved: boolean } | null>(
    null,
  );
  const toMap = (e: { clientX: number; clientY: number }, el: Element): [number, number] => {
    const rect = el.getBoundingClientRect();
    const sx = ((e.clientX - rect.left) / rect.width) * W;
    const sy = ((e.clientY - rect.top) / rect.height) * H;
    return [(sx - view.x) / view.k, (sy - view.y) / view.k];
  };
  const nearest = (mx: number, my: number): number => {
    let best = -1;
    let bd = (8 / view.k) ** 2;
    for (let i = 0; i < xy.length / 2; i++) {
      const dx = (xy[2 * i] ?? Number.NaN) - mx;
      const dy = (xy[2 * i + 1] ?? Number.NaN) - my;
      const d = dx * dx + dy * dy;
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return best;
  };
  const t = `translate(${view.x},${view.y}) scale(${view.k})`;
  return (
    <div className="map" data-testid="map">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label="Map of accounts by owner with state borders"
        onWheel={(e) => {
          const [mx, my] = toMap(e, e.currentTarget);
          const k = Math.min(40, Math.max(1, view.k * (e.deltaY < 0 ? 1.25 : 0.8)));
          setView({ k, x: view.x + mx * (view.k - k), y: view.y + my * (view.k - k) });
        }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { x0: e.clientX, y0: e.clientY, vx: view.x, vy: view.y, moved: false };
          if (lasso) setLassoPath([toMap(e, e.currentTarget)]);
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          if (Math.hypot(e.clientX - d.x0, e.clientY - d.y0) > 4) d.moved = true;
          if (lasso) {
            const p = toMap(e, e.currentTarget);
            setLassoPath((cur) => (cur ? [...cur, p] : [p]));
            return;
          }
          if (!d.moved) return;
          const rect = e.currentTarget.getBoundingClientRect();
          setView((v) => ({
            ...v,
            x: d.vx + ((e.clientX - d.x0) / rect.width) * W,
            y: d.vy + ((e.clientY - d.y0) / rect.height) * H,
          }));
        }}
        onPointerUp={(e) => {
          const d = drag.current;
          drag.current = null;
          if (lasso && lassoPath && lassoPath.length > 2 && d?.moved) {
            const picked: number[] = [];
            for (let i = 0; i < xy.length / 2; i++) {
              const x = xy[2 * i] ?? Number.NaN;
              if (!Number.isNaN(x) && inside(x, xy[2 * i + 1] ?? 0, lassoPath)) picked.push(i);
            }
            setLassoPath(null);
            if (picked.length) onPick(picked);
            return;
          }
          setLassoPath(null);
          if (d && !d.moved) {
            const [mx, my] = toMap(e, e.currentTarget);
            const i = nearest(mx, my);
            if (i >= 0) onPick([i]);
          }
        }}
      >
        <g transform={t}>
          <path className="nation" d={nation} />
          {fills && countyShapes ? (
            <g className="county-fills" data-testid="county-fills">
              {countyShapes.map((c) =>
                fills.has(c.id) ? <path key={c.id} d={c.d} fill={fills.get(c.id)} /> : null,
              )}
            </g>
          ) : null}
          {counties ? <path className="counties" d={counties} strokeWidth={0.3 / view.k} /> : null}
          <path className="states" d={borders} strokeWidth={0.9 / view.k} />
        </g>
        <foreignObject x={0} y={0} width={W} height={H} pointerEvents="none">
          <canvas ref={canvas} className="dots" />
        </foreignObject>
        {lassoPath ? (
          <path
            className="lasso"
            transform={t}
            d={`M${lassoPath.map((p) => p.join(",")).join("L")}Z`}
            strokeWidth={1.5 / view.k}
          />
        ) : null}
      </svg>
      <div className="map-tools">
        <button
          type="button"
          onClick={() => setView((v) => ({ ...v, k: Math.min(40, v.k * 1.5) }))}
          aria-label="Zoom in"
        >
          +
        </button>
        <button
          type="button"
          onClick={() => setView((v) => ({ ...v, k: Math.max(1, v.k / 1.5) }))}
          aria-label="Zoom out"
        >
          −
        </button>
        <button type="button" onClick={() => setView({ k: 1, x: 0, y: 0 })}>
          Reset view
        </button>
      </div>
    </div>
  );
}
