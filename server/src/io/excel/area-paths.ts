import type { AreaRef } from './refs.ts';

/**
 * An area cell may hold a code (`demo-cx-c01-p03-b01`) or the names people know, top down:
 * "长兴镇/潘园社区/3号楼". These are the separators, in two families:
 * - strong: `/` `／` `>` `＞` `\` — a cell holding one of them is split on them only, so a name
 *   may contain a hyphen ("3-1号楼") when the path uses a strong separator;
 * - hyphens: `-` `－` `—` — used only when the cell has no strong separator. Names may contain
 *   hyphens too, so every way of grouping the pieces into names is tried (`长兴镇-3-1号楼` finds
 *   the building "3-1号楼" under 长兴镇).
 * Spaces around a segment are ignored.
 */
const STRONG = /[/／>＞\\]/;
const HYPHENS = /[-－—]/;

/** More pieces than this in a hyphen path are not grouped (the groupings grow quadratically). */
const MAX_PIECES = 12;

/** A cell split into its pieces, and whether neighbouring pieces may form one name. */
export interface SplitPath {
  pieces: string[];
  /** Hyphen paths: a name may span several pieces, rejoined with `joiner`. */
  grouped: boolean;
  joiner: string;
}

export function splitPath(cell: string): SplitPath {
  const strong = STRONG.test(cell);
  const sep = strong ? STRONG : HYPHENS;
  const joiner = strong ? '' : (HYPHENS.exec(cell)?.[0] ?? '-');
  const pieces = cell
    .split(new RegExp(sep.source, 'g'))
    .map((s) => s.trim())
    .filter(Boolean);
  return { pieces, grouped: !strong && pieces.length <= MAX_PIECES, joiner };
}

/**
 * Every area name a path could mention: its pieces, and for a hyphen path each run of pieces
 * rejoined (the cell itself among them, so a one-name cell with a hyphen is found whole).
 */
export function namesOfPath(p: SplitPath): string[] {
  if (!p.grouped) return p.pieces;
  const out: string[] = [];
  for (let i = 0; i < p.pieces.length; i++)
    for (let j = i + 1; j <= p.pieces.length; j++) out.push(p.pieces.slice(i, j).join(p.joiner));
  return out;
}

/** What a name path resolved to, before the caller's scope is applied. */
export type PathMatch =
  | { found: AreaRef[] }
  /** No node answers `segment`; `under` is the part of the path that did resolve (empty at the start). */
  | { unknown: string; under: string };

const below = (node: AreaRef, parent: AreaRef) => node.id !== parent.id && node.path.startsWith(parent.path);

/**
 * The nodes a path names. The first segment may be any node (the district, a street, or one
 * right under the caller's own area: a path may start at any level); each next segment is a
 * node anywhere below the one before, so levels in between may be left out
 * ("潘园社区/3号楼" finds 3号楼 in whichever compound of 潘园社区 holds it). All readings are
 * kept: choosing among them (scope, ambiguity) is the caller's.
 */
export function matchPath(p: SplitPath, byName: ReadonlyMap<string, readonly AreaRef[]>): PathMatch {
  const { pieces } = p;
  const ends = new Map<number, AreaRef>();
  const seen = new Set<string>();
  // The furthest piece a reading reached, with the nodes it went through, for the error.
  let furthest = 0;
  let furthestVia = '';

  const walk = (parent: AreaRef | null, i: number, via: string) => {
    const key = `${parent?.id ?? 0}|${i}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (i === pieces.length) {
      if (parent) ends.set(parent.id, parent);
      return;
    }
    if (i > furthest) {
      furthest = i;
      furthestVia = via;
    }
    const last = p.grouped ? pieces.length : i + 1;
    for (let j = i + 1; j <= last; j++) {
      const name = pieces.slice(i, j).join(p.joiner);
      for (const node of byName.get(name) ?? [])
        if (!parent || below(node, parent)) walk(node, j, via ? `${via}/${name}` : name);
    }
  };
  walk(null, 0, '');
  if (ends.size) return { found: [...ends.values()] };
  return { unknown: pieces[furthest] ?? '', under: furthestVia };
}
