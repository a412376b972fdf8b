/**
 * Centre paths of a band part that may hold several folds: its skeleton is split at junctions,
 * short spurs are pruned, nearby junctions merge (two crossing bands thin into two Ys joined by a
 * short edge), and at each junction the arms are paired by straightness — folds run on smoothly
 * through a crossing, a branch leaves at an angle. A geodesic diameter instead turns from one fold
 * into another at a crossing (dev: 3 crossing folds gave U-shaped lines along the frame).
 */
import { forEachNeighbour8 } from './grid.js';

/** Zhang–Suen offsets of the 8 neighbours P2..P9, clockwise from north. */
const DX = [0, 1, 1, 1, 0, -1, -1, -1];
const DY = [-1, -1, 0, 1, 1, 1, 0, -1];

/** The neighbourhood P2..P9 of (x, y) as 0/1 (outside the grid: 0). */
function ring(s: Uint8Array, w: number, h: number, x: number, y: number, out: Uint8Array): void {
  for (let k = 0; k < 8; k++) {
    const nx = x + DX[k],
      ny = y + DY[k];
    out[k] = nx >= 0 && ny >= 0 && nx < w && ny < h ? s[ny * w + nx] : 0;
  }
}

/** 0 → 1 transitions around the ring: 1 on an end, 2 on a line, ≥ 3 on a junction. */
function crossings(p: Uint8Array): number {
  let n = 0;
  for (let k = 0; k < 8; k++) if (!p[k] && p[(k + 1) % 8]) n++;
  return n;
}

/** Zhang–Suen thinning: a one-pixel-wide 8-connected skeleton of the 0/1 grid. */
export function thin(mask: Uint8Array, w: number, h: number): Uint8Array {
  const s = Uint8Array.from(mask);
  const p = new Uint8Array(8);
  const drop: number[] = [];
  for (let changed = true; changed;) {
    changed = false;
    for (const pass of [0, 1]) {
      drop.length = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (!s[y * w + x]) continue;
          ring(s, w, h, x, y, p);
          const b = p.reduce((a, v) => a + v, 0);
          if (b < 2 || b > 6 || crossings(p) !== 1) continue;
          const [p2, , p4, , p6, , p8] = p;
          if (pass === 0 ? p2 * p4 * p6 || p4 * p6 * p8 : p2 * p4 * p8 || p2 * p6 * p8) continue;
          drop.push(y * w + x);
        }
      }
      for (const i of drop) s[i] = 0;
      if (drop.length) changed = true;
    }
  }
  dropStairCorners(s, w, h);
  return s;
}

/**
 * Zhang–Suen leaves 4-connected staircases on diagonals: a corner pixel whose two perpendicular
 * neighbours touch each other anyway is removed (one at a time, so connectivity stays), else every
 * stair would read as a junction.
 */
function dropStairCorners(s: Uint8Array, w: number, h: number): void {
  const p = new Uint8Array(8);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!s[y * w + x]) continue;
      ring(s, w, h, x, y, p);
      // P2..P9 clockwise from north: N NE E SE S SW W NW.
      const [n, , e, , so, sw, we, nw] = p;
      const se = p[3],
        ne = p[1];
      if (
        (n && e && !so && !we && !sw) ||
        (e && so && !n && !we && !nw) ||
        (so && we && !n && !e && !ne) ||
        (we && n && !so && !e && !se)
      )
        s[y * w + x] = 0;
    }
  }
}

interface Edge {
  /** Node at each end. */
  ends: [number, number];
  /** Grid indices from ends[0] to ends[1]. */
  path: number[];
  removed: boolean;
}

export interface ChainOptions {
  /** A spur (an arm ending inside the part) shorter than this, grid pixels, is pruned. */
  spur: number;
  /** Junctions joined by an edge shorter than this, grid pixels, are one junction. */
  merge: number;
  /** Distance along an arm, grid pixels, at which its direction out of a junction is read. */
  reach: number;
  /** Arms are paired only when their directions are at most this far from opposite (cosine). */
  straight: number;
  /**
   * The same for the arms of two neighbouring junctions crossed as one (a shallow crossing), which
   * only have to beat the other way to cross (default: straight).
   */
  crossing?: number;
}

export interface Chain {
  /** Grid indices, end to end. */
  path: Int32Array;
  /** Whether an end stops at a junction (an arm of a Y), not at a free end of the skeleton. */
  atJunction: boolean;
}

class Skeleton {
  readonly node: Int32Array;
  readonly nodes: { pixels: number[]; cx: number; cy: number }[] = [];
  readonly edges: Edge[] = [];

  constructor(
    readonly s: Uint8Array,
    readonly w: number,
    readonly h: number,
  ) {
    this.node = new Int32Array(w * h).fill(-1);
    const p = new Uint8Array(8);
    const isNode = new Uint8Array(w * h);
    for (let i = 0; i < s.length; i++) {
      if (!s[i]) continue;
      ring(s, w, h, i % w, Math.floor(i / w), p);
      // After the stair corners went, a line pixel has exactly two neighbours.
      if (p.reduce((a, v) => a + v, 0) !== 2) isNode[i] = 1;
    }
    // Touching node pixels are one node.
    for (let i = 0; i < s.length; i++) {
      if (!isNode[i] || this.node[i] >= 0) continue;
      const id = this.nodes.length;
      const pixels: number[] = [];
      const stack = [i];
      this.node[i] = id;
      while (stack.length) {
        const j = stack.pop()!;
        pixels.push(j);
        forEachNeighbour8(j, w, h, (k) => {
          if (isNode[k] && this.node[k] < 0) {
            this.node[k] = id;
            stack.push(k);
          }
        });
      }
      this.nodes.push({ pixels, ...centre(pixels, w) });
    }
    this.trace();
  }

  /**
   * Every line between two nodes: each 8-connected run of line pixels, ordered by the shortest path
   * between its contacts with the nodes at its ends (robust to the odd leftover stair pixel). A
   * closed loop without nodes is left out: no fold closes on itself.
   */
  private trace(): void {
    const { s, w, h, node } = this;
    const seen = new Uint8Array(s.length);
    const parent = new Int32Array(s.length).fill(-1);
    const dist = new Int32Array(s.length);
    const nodeNear = (i: number): number => {
      let found = -1;
      forEachNeighbour8(i, w, h, (k) => {
        if (found < 0 && node[k] >= 0) found = k;
      });
      return found;
    };
    for (let i = 0; i < s.length; i++) {
      if (!s[i] || node[i] >= 0 || seen[i]) continue;
      const run: number[] = [];
      const stack = [i];
      seen[i] = 1;
      while (stack.length) {
        const j = stack.pop()!;
        run.push(j);
        forEachNeighbour8(j, w, h, (k) => {
          if (s[k] && node[k] < 0 && !seen[k]) {
            seen[k] = 1;
            stack.push(k);
          }
        });
      }
      const contacts = run.filter((j) => nodeNear(j) >= 0);
      if (contacts.length === 0) continue;
      const first = contacts[0];
      const a = node[nodeNear(first)];
      // Shortest paths inside the run from the first contact.
      for (const j of run) parent[j] = -1;
      const queue = [first];
      parent[first] = first;
      dist[first] = 0;
      for (let q = 0; q < queue.length; q++) {
        forEachNeighbour8(queue[q], w, h, (k) => {
          if (s[k] && node[k] < 0 && parent[k] < 0) {
            parent[k] = queue[q];
            dist[k] = dist[queue[q]] + 1;
            queue.push(k);
          }
        });
      }
      const others = contacts.filter((j) => node[nodeNear(j)] !== a);
      const ends = (others.length ? others : contacts).filter((j) => parent[j] >= 0);
      const last = ends.reduce((b, j) => (dist[j] > dist[b] ? j : b), first);
      if (last === first && run.length > 1) continue;
      const path: number[] = [];
      for (let j = last; ; j = parent[j]) {
        path.push(j);
        if (j === first) break;
      }
      path.reverse();
      const nodeA = nodeNear(first),
        nodeB = nodeNear(last);
      this.edges.push({ ends: [a, node[nodeB]], path: [nodeA, ...path, nodeB], removed: false });
    }
  }

  degree(id: number): number {
    return this.edges.filter((e) => !e.removed && (e.ends[0] === id || e.ends[1] === id)).length;
  }
}

function centre(pixels: number[], w: number): { cx: number; cy: number } {
  let sx = 0,
    sy = 0;
  for (const i of pixels) {
    sx += i % w;
    sy += Math.floor(i / w);
  }
  return { cx: sx / pixels.length, cy: sy / pixels.length };
}

/** Spurs: arms from a junction to an end shorter than `spur`; pruned until none is left. */
function pruneSpurs(g: Skeleton, spur: number): void {
  for (let changed = true; changed;) {
    changed = false;
    for (const e of g.edges) {
      if (e.removed || e.path.length >= spur) continue;
      const [a, b] = e.ends.map((n) => g.degree(n));
      if ((a === 1 && b >= 3) || (b === 1 && a >= 3)) {
        e.removed = true;
        changed = true;
      }
    }
  }
}

/**
 * Junction-to-junction edges shorter than `merge` are contracted (union of their nodes); an edge
 * that then leaves and returns to the same junction went round a hole in the band (two crossing
 * bands part over a few pixels) and is dropped: no fold closes on itself.
 */
function mergeJunctions(g: Skeleton, merge: number): number[] {
  const root = g.nodes.map((_, i) => i);
  const find = (i: number): number => (root[i] === i ? i : (root[i] = find(root[i])));
  // Arms at a merged junction: the live edge ends at any of its nodes.
  const arms = (r: number): number =>
    g.edges.reduce((n, e) => n + (e.removed ? 0 : Number(find(e.ends[0]) === r) + Number(find(e.ends[1]) === r)), 0);
  for (const e of [...g.edges].sort((p, q) => p.path.length - q.path.length)) {
    if (e.removed || e.path.length >= merge) continue;
    const [a, b] = [find(e.ends[0]), find(e.ends[1])];
    if (a !== b && arms(a) >= 3 && arms(b) >= 3) {
      e.removed = true;
      root[a] = b;
    }
  }
  for (const e of g.edges) if (!e.removed && find(e.ends[0]) === find(e.ends[1])) e.removed = true;
  return g.nodes.map((_, i) => find(i));
}

interface ArmEnd {
  edge: number;
  /** Whether the arm leaves the junction from its path's start (else from its end). */
  fromStart: boolean;
}

/** A fold's way on across a stretch two folds share: the stretch (leaving this node) and the arm after it. */
interface Bridge {
  via: ArmEnd;
  next: ArmEnd;
}

/**
 * Two folds crossing at a shallow angle overlap over a stretch that thins into one edge between
 * two junctions of three arms each. Pairing at each junction alone cannot tell which of the two
 * arms on one side continues which on the other (both are about as straight with the shared edge):
 * it gave two V-shaped chains, or one fold in two pieces with its pull faded at both free ends (dev
 * multi). Seen from both junctions the crossing is plain: each arm runs on into the arm most
 * nearly opposite it at the other junction, both chains across the shared edge. Returns the
 * bridges both ways; the shared edges are marked in `shared`.
 */
function crossingBridges(
  arms: Map<number, ArmEnd[]>,
  heading: Map<number, number[]>,
  key: (a: ArmEnd) => number,
  nodeOf: (a: ArmEnd) => number,
  straight: number,
  shared: Set<number>,
): Map<number, Bridge> {
  const on = (a: ArmEnd, b: ArmEnd): number => {
    const [p, q] = [heading.get(key(a))!, heading.get(key(b))!];
    return -(p[0] * q[0] + p[1] * q[1]);
  };
  const out = new Map<number, Bridge>();
  for (const [node, list] of arms) {
    if (list.length !== 3) continue;
    for (const via of list) {
      const back = { edge: via.edge, fromStart: !via.fromStart };
      const other = nodeOf(back);
      const across = arms.get(other) ?? [];
      if (other === node || across.length !== 3 || shared.has(via.edge)) continue;
      const [a1, a2] = list.filter((a) => a.edge !== via.edge);
      const [b1, b2] = across.filter((b) => b.edge !== via.edge);
      if (!b2 || a1.edge === b1.edge || a1.edge === b2.edge || a2.edge === b1.edge || a2.edge === b2.edge) continue;
      // The better of the two ways to cross: each pair straight on, neither arm turning back
      // along the shared edge (whose own direction is read from junction centres a few cells apart).
      const ways: [ArmEnd, ArmEnd][][] = [
        [
          [a1, b2],
          [a2, b1],
        ],
        [
          [a1, b1],
          [a2, b2],
        ],
      ];
      const score = (way: [ArmEnd, ArmEnd][]): number =>
        Math.min(...way.flatMap(([a, b]) => [on(a, b), on(a, via) >= 0 && on(back, b) >= 0 ? 1 : -1]));
      const best = score(ways[0]) >= score(ways[1]) ? ways[0] : ways[1];
      if (score(best) < straight) continue;
      shared.add(via.edge);
      for (const [a, b] of best) {
        out.set(key(a), { via, next: b });
        out.set(key(b), { via: back, next: a });
      }
    }
  }
  return out;
}

/**
 * The skeleton of `cells` (grid indices of one part) as chains of arms: each arm continues through
 * a junction into the arm most nearly opposite it, when that is straight enough.
 */
export function skeletonChains(cells: Int32Array, w: number, h: number, options: ChainOptions): Chain[] {
  const mask = new Uint8Array(w * h);
  for (const i of cells) mask[i] = 1;
  const g = new Skeleton(thin(mask, w, h), w, h);
  pruneSpurs(g, options.spur);
  const rootOf = mergeJunctions(g, options.merge);
  const live = g.edges.map((e, i) => i).filter((i) => !g.edges[i].removed);
  // Arms at each (merged) node.
  const arms = new Map<number, ArmEnd[]>();
  for (const i of live) {
    g.edges[i].ends.forEach((n, k) => {
      const r = rootOf[n];
      (arms.get(r) ?? arms.set(r, []).get(r)!).push({ edge: i, fromStart: k === 0 });
    });
  }
  const key = (a: ArmEnd): number => 2 * a.edge + (a.fromStart ? 0 : 1);
  const nodeOf = (a: ArmEnd): number => rootOf[g.edges[a.edge].ends[a.fromStart ? 0 : 1]];
  const junction = (a: ArmEnd): boolean => (arms.get(nodeOf(a))?.length ?? 0) > 2;
  /** Unit direction of each arm away from its node, measured `reach` cells out. */
  const heading = new Map<number, number[]>();
  for (const [r, list] of arms) {
    const members = g.nodes.flatMap((n, i) => (rootOf[i] === r ? n.pixels : []));
    const { cx, cy } = centre(members, w);
    for (const a of list) {
      const path = g.edges[a.edge].path;
      const k = Math.min(path.length - 1, options.reach);
      const j = path[a.fromStart ? k : path.length - 1 - k];
      const dx = (j % w) - cx,
        dy = Math.floor(j / w) - cy;
      const len = Math.hypot(dx, dy) || 1;
      heading.set(key(a), [dx / len, dy / len]);
    }
  }
  const shared = new Set<number>();
  const bridge = crossingBridges(arms, heading, key, nodeOf, options.crossing ?? options.straight, shared);
  const partner = new Map<number, ArmEnd>();
  for (const list of arms.values()) {
    if (list.length < 2 || list.some((a) => bridge.has(key(a)))) continue;
    const dirs = list.map((a) => heading.get(key(a))!);
    const pairs: [number, number, number][] = [];
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        pairs.push([i, j, -(dirs[i][0] * dirs[j][0] + dirs[i][1] * dirs[j][1])]);
    pairs.sort((a, b) => b[2] - a[2]);
    const taken = new Set<number>();
    for (const [i, j, straightness] of pairs) {
      // A pass-through node (two arms) always continues; a junction only straight on.
      if (taken.has(i) || taken.has(j) || (list.length > 2 && straightness < options.straight)) continue;
      taken.add(i);
      taken.add(j);
      partner.set(key(list[i]), list[j]);
      partner.set(key(list[j]), list[i]);
    }
  }
  const visited = new Set<number>();
  const chains: Chain[] = [];
  const follow = (first: ArmEnd): void => {
    const path: number[] = [];
    let atJunction = junction(first);
    for (let arm: ArmEnd | undefined = first; arm !== undefined && !visited.has(arm.edge);) {
      visited.add(arm.edge);
      const p = g.edges[arm.edge].path;
      path.push(...(arm.fromStart ? p : [...p].reverse()));
      const far: ArmEnd = { edge: arm.edge, fromStart: !arm.fromStart };
      arm = partner.get(key(far));
      const across = arm === undefined ? bridge.get(key(far)) : undefined;
      if (across !== undefined) {
        // The shared stretch belongs to both chains across it.
        const stretch = g.edges[across.via.edge].path;
        path.push(...(across.via.fromStart ? stretch : [...stretch].reverse()));
        arm = across.next;
      } else if (arm === undefined && junction(far)) atJunction = true;
    }
    chains.push({ path: Int32Array.from(path), atJunction });
  };
  // Chains from their free ends first, then the closed ones.
  for (const i of live) {
    for (const fromStart of [true, false]) {
      const a = { edge: i, fromStart };
      if (!visited.has(i) && !shared.has(i) && !partner.has(key(a)) && !bridge.has(key(a))) follow(a);
    }
  }
  for (const i of live) if (!visited.has(i) && !shared.has(i)) follow({ edge: i, fromStart: true });
  return chains;
}
