/**
 * Relay cursor pagination over a keyset, as the Relay connection spec defines it: `after` and `before`
 * narrow the ordered list, then `first` keeps its head and `last` its tail. A page that only takes
 * `last` is read in the reverse order and flipped back, so a backward page costs what a forward one
 * costs: an index-ordered scan that stops after the page.
 */
import { requireRange } from './args';
import type { CypherBuilder } from './compile';
import { decodeCursor, encodeCursor } from './cursor';

/** The pagination arguments of a list, as the client sent them; null and undefined both mean absent. */
export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

/** How one page is read: the cursor conditions, the direction of the scan, and how many rows. */
export interface PageWindow {
  /** Conditions that keep the nodes strictly between the cursors. */
  conditions: string[];
  /** True when the scan runs against the list's order (a `last` page without `first`). */
  reversed: boolean;
  /** Rows to read: one more than the page, so the row after it tells whether more exist. */
  limit: number;
  first: number | undefined;
  last: number | undefined;
  /**
   * A condition true of a node outside the window on the side the scan cannot see (before `after` for a
   * forward page, at or after `before` for a backward one); the spec lets a server report it when it
   * is cheap, and one LIMIT 1 subquery in the same statement is.
   */
  beyond: string | undefined;
}

const present = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/**
 * The window of a page. `key` is the list's sort expression on `v`, `desc` its direction, `order` the
 * name the cursors carry. With neither `first` nor `last`, the page is the first `pageDefault` nodes.
 */
export function pageWindow(
  b: CypherBuilder,
  args: PageArgs,
  sort: { key: string; id: string; desc: boolean; order: string },
  limits: { pageDefault: number; pageMax: number },
): PageWindow {
  const given = { first: present(args.first), last: present(args.last) };
  const first = given.first
    ? requireRange('first', args.first as number, 1, limits.pageMax)
    : given.last
      ? undefined
      : limits.pageDefault;
  const last = given.last ? requireRange('last', args.last as number, 1, limits.pageMax) : undefined;
  const { key, id, desc } = sort;
  // `a` is strictly after `b` in the list's order; both compare the sort key, then the id.
  const after = (k: string, i: string, strict: boolean): string => {
    const cmp = desc ? '<' : '>';
    return `(${key} ${cmp} ${k} OR (${key} = ${k} AND ${id} ${cmp}${strict ? '' : '='} ${i}))`;
  };
  const before = (k: string, i: string, strict: boolean): string => {
    const cmp = desc ? '>' : '<';
    return `(${key} ${cmp} ${k} OR (${key} = ${k} AND ${id} ${cmp}${strict ? '' : '='} ${i}))`;
  };
  const cursor = (name: 'after' | 'before', value: string): [string, string] => {
    const [k, i] = decodeCursor(value, sort.order, name);
    return [b.param(k), b.param(i)];
  };
  const conditions: string[] = [];
  const reversed = first === undefined;
  let beyond: string | undefined;
  if (present(args.after)) {
    const [k, i] = cursor('after', args.after);
    conditions.push(after(k, i, true));
    if (!reversed && last === undefined) beyond = before(k, i, false);
  }
  if (present(args.before)) {
    const [k, i] = cursor('before', args.before);
    conditions.push(before(k, i, true));
    if (reversed) beyond = after(k, i, false);
  }
  // With both, the spec cuts `first` from the head and then `last` from that: reading max + 1 rows in
  // order is enough to know both the page and whether more lie on either side of it.
  const size = Math.max(first ?? 0, last ?? 0);
  return { conditions, reversed, limit: size + 1, first, last, beyond };
}

/** A page as the connection type returns it. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/**
 * Cuts the rows a window read into the page, in the list's order. `beyondExists` is the answer of the
 * window's `beyond` condition, when the statement asked it.
 */
export function cutPage<T>(
  window: PageWindow,
  rows: { sortKey: unknown; id: string; node: T }[],
  order: string,
  beyondExists: boolean,
): Page<T> {
  const { first, last } = window;
  let shown: typeof rows;
  let hasNextPage: boolean;
  let hasPreviousPage: boolean;
  if (window.reversed) {
    const tail = last as number;
    shown = rows.slice(0, tail).reverse();
    hasPreviousPage = rows.length > tail;
    hasNextPage = beyondExists;
  } else {
    const head = first as number;
    shown = rows.slice(0, head);
    hasNextPage = rows.length > head;
    if (last !== undefined) {
      // The spec's HasPreviousPage with `last`: more than `last` nodes lie between the cursors.
      hasPreviousPage = rows.length > last;
      shown = shown.slice(Math.max(0, shown.length - last));
    } else hasPreviousPage = beyondExists;
  }
  const edges = shown.map((row) => ({ cursor: encodeCursor(order, row.sortKey, row.id), node: row.node }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
