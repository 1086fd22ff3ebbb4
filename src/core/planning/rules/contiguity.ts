import { type Issue, issue } from "../../issues.js";
import { repId } from "../ids.js";
import { type Adjacency, homeDistance, type PlanProblem } from "../problem.js";
import type { MoveGuard, PlanRule } from "./rule.js";

/** Connected components of each rep's territory: `comp[u]` numbers components, `sizes` their unit counts. */
function components(adj: Adjacency, assign: Int32Array): { comp: Int32Array; sizes: number[] } {
  const n = assign.length;
  const comp = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if ((comp[s] ?? 0) >= 0 || (assign[s] ?? -1) < 0) continue;
    const c = sizes.length;
    const r = assign[s];
    let size = 0;
    comp[s] = c;
    stack.push(s);
    while (stack.length) {
      const u = stack.pop() ?? 0;
      size++;
      for (let j = adj.offsets[u] ?? 0; j < (adj.offsets[u + 1] ?? 0); j++) {
        const v = adj.neighbors[j] ?? 0;
        if (comp[v] === -1 && assign[v] === r) {
          comp[v] = c;
          stack.push(v);
        }
      }
    }
    sizes.push(size);
  }
  return { comp, sizes };
}

function guard(
  adj: Adjacency,
  p: PlanProblem,
): MoveGuard & {
  canMove(u: number, from: number, to: number, assign: Int32Array, leaveOnly?: boolean): boolean;
} {
  const n = p.n;
  const stamp = new Int32Array(n);
  let epoch = 0;
  const stack: number[] = [];
  const self = {
    canMove(u: number, from: number, to: number, assign: Int32Array, leaveOnly = false): boolean {
      const a = adj.offsets[u] ?? 0;
      const b = adj.offsets[u + 1] ?? 0;
      let touchesTo = false;
      const same: number[] = [];
      for (let j = a; j < b; j++) {
        const v = adj.neighbors[j] ?? 0;
        if (assign[v] === to) touchesTo = true;
        else if (assign[v] === from) same.push(v);
      }
      if ((!touchesTo && !leaveOnly) || same.length === 0) return false;
      if (same.length === 1) return true;
      // Is `from` minus u still connected? Search from one neighbour until every other neighbour is reached.
      epoch++;
      stamp[u] = epoch;
      let left = same.length;
      for (const v of same) stamp[v] = -epoch;
      const s0 = same[0] ?? 0;
      stamp[s0] = epoch;
      left--;
      stack.length = 0;
      stack.push(s0);
      while (stack.length && left > 0) {
        const w = stack.pop() ?? 0;
        for (let j = adj.offsets[w] ?? 0; j < (adj.offsets[w + 1] ?? 0); j++) {
          const v = adj.neighbors[j] ?? 0;
          if (assign[v] !== from || stamp[v] === epoch) continue;
          if (stamp[v] === -epoch) left--;
          stamp[v] = epoch;
          stack.push(v);
        }
      }
      return left === 0;
    },
    targets(u: number, assign: Int32Array, out: number[]) {
      for (let j = adj.offsets[u] ?? 0; j < (adj.offsets[u + 1] ?? 0); j++) {
        const r = assign[adj.neighbors[j] ?? 0] ?? -1;
        if (r >= 0 && r !== assign[u] && !out.includes(r)) out.push(r);
      }
    },
    repair(assign: Int32Array, allows: (u: number, r: number) => boolean) {
      const { comp, sizes } = components(adj, assign);
      const best = new Map<number, number>();
      for (let u = 0; u < n; u++) {
        const r = assign[u] ?? -1;
        const c = comp[u] ?? -1;
        if (r < 0) continue;
        const cur = best.get(r);
        if (cur === undefined || (sizes[c] ?? 0) > (sizes[cur] ?? 0)) best.set(r, c);
      }
      const orphan = new Uint8Array(n);
      let pending: number[] = [];
      for (let u = 0; u < n; u++) {
        const r = assign[u] ?? -1;
        if (r >= 0 && best.get(r) !== comp[u]) {
          orphan[u] = 1;
          pending.push(u);
        }
      }
      // Hand orphaned pieces to an adjacent settled territory, wave by wave from the borders inward.
      while (pending.length) {
        const next: number[] = [];
        for (const u of pending) {
          let chosen = -1;
          for (let j = adj.offsets[u] ?? 0; j < (adj.offsets[u + 1] ?? 0); j++) {
            const v = adj.neighbors[j] ?? 0;
            const r = assign[v] ?? -1;
            if (!orphan[v] && r >= 0 && allows(u, r)) {
              chosen = r;
              break;
            }
          }
          if (chosen >= 0) {
            assign[u] = chosen;
            orphan[u] = 0;
          } else next.push(u);
        }
        if (next.length === pending.length) break;
        pending = next;
      }
      // A rep left without units gets a seed: the unit nearest its home whose removal keeps its
      // territory connected, so relocations can grow the new territory from there.
      const size = new Int32Array(p.p);
      for (let u = 0; u < n; u++)
        if ((assign[u] ?? -1) >= 0) size[assign[u] ?? 0] = (size[assign[u] ?? 0] ?? 0) + 1;
      for (let r = 0; r < p.p; r++) {
        if ((size[r] ?? 0) > 0) continue;
        let best = -1;
        let bd = Number.POSITIVE_INFINITY;
        for (let u = 0; u < n; u++) {
          const from = assign[u] ?? -1;
          if (from < 0 || (size[from] ?? 0) < 2 || !allows(u, r)) continue;
          const d = homeDistance(p, u, r);
          if (d < bd && self.canMove(u, from, from === 0 ? 1 : 0, assign, true)) {
            bd = d;
            best = u;
          }
        }
        if (best < 0) continue;
        size[assign[best] ?? 0] = (size[assign[best] ?? 0] ?? 0) - 1;
        assign[best] = r;
        size[r] = 1;
      }
    },
  };
  return self;
}

/** Contiguity: every rep's territory is connected in the unit adjacency graph (single-commodity flow rows in the MILP). */
export function contiguity(p: PlanProblem): PlanRule {
  const adj = p.adjacency;
  return {
    name: "contiguity",
    kind: "constraint",
    weight: 0,
    ...(adj ? { guard: guard(adj, p) } : {}),
    precheck() {
      return adj
        ? []
        : [
            issue(
              "no_adjacency",
              "contiguity was asked for but the units have no adjacency graph",
              {
                ids: { rule: "contiguity" },
              },
            ),
          ];
    },
    formulate(b, x) {
      if (!adj) return;
      const big = p.n;
      for (let r = 0; r < p.p; r++) {
        const roots: number[] = [];
        const inflow: number[][] = Array.from({ length: p.n }, () => []);
        const inVal: number[][] = Array.from({ length: p.n }, () => []);
        for (let u = 0; u < p.n; u++) {
          const xu = x.col(u, r);
          if (xu < 0) continue;
          const y = b.addVar(`root_${u}_${r}`, 0, 1, 0, true);
          roots.push(y);
          b.addRow(`contiguity_root_${u}_${r}`, Number.NEGATIVE_INFINITY, 0, [y, xu], [1, -1]);
          inflow[u]?.push(y, xu);
          inVal[u]?.push(big, -1);
          for (let j = adj.offsets[u] ?? 0; j < (adj.offsets[u + 1] ?? 0); j++) {
            const v = adj.neighbors[j] ?? 0;
            const xv = x.col(v, r);
            if (xv < 0) continue;
            const f = b.addVar(`flow_${u}_${v}_${r}`, 0, big, 0);
            b.addRow(
              `contiguity_arc_${u}_${v}_${r}_from`,
              Number.NEGATIVE_INFINITY,
              0,
              [f, xu],
              [1, -big],
            );
            b.addRow(
              `contiguity_arc_${u}_${v}_${r}_to`,
              Number.NEGATIVE_INFINITY,
              0,
              [f, xv],
              [1, -big],
            );
            inflow[v]?.push(f);
            inVal[v]?.push(1);
            inflow[u]?.push(f);
            inVal[u]?.push(-1);
          }
        }
        b.addRow(
          `contiguity_one_root_${r}`,
          Number.NEGATIVE_INFINITY,
          1,
          roots,
          roots.map(() => 1),
        );
        // Net inflow + root supply >= x[u][r]: every unit of the territory is fed from its single root.
        for (let u = 0; u < p.n; u++) {
          const cols = inflow[u] ?? [];
          if (cols.length)
            b.addRow(
              `contiguity_flow_${u}_${r}`,
              0,
              Number.POSITIVE_INFINITY,
              cols,
              inVal[u] ?? [],
            );
        }
      }
    },
    check(assign) {
      if (!adj)
        return {
          value: 0,
          violations: [
            issue("no_adjacency", "no adjacency graph", { ids: { rule: "contiguity" } }),
          ],
        };
      const { comp } = components(adj, assign);
      const seen = new Map<number, Set<number>>();
      for (let u = 0; u < p.n; u++) {
        const r = assign[u] ?? -1;
        if (r < 0) continue;
        const s = seen.get(r) ?? new Set<number>();
        s.add(comp[u] ?? -1);
        seen.set(r, s);
      }
      const violations: Issue[] = [];
      for (const [r, s] of seen)
        if (s.size > 1)
          violations.push(
            issue(
              "territory_split",
              `rep ${repId(p, r)}: territory is split into ${s.size} pieces`,
              {
                ids: { rule: "contiguity", rep_id: repId(p, r) },
                data: { pieces: s.size },
              },
            ),
          );
      return { value: 0, violations };
    },
  };
}
