import fc from 'fast-check';
import { AppError } from '../../src/errors';
import { CypherBuilder } from '../../src/read/compile';
import { encodeCursor } from '../../src/read/cursor';
import { cutPage, pageWindow, type PageArgs, type PageWindow } from '../../src/read/paging';

/**
 * Relay paging on in-memory lists: the window pageWindow builds is run over a list the way the list
 * statement runs it (its conditions, its direction, its LIMIT, its `beyond` check), cutPage makes the
 * page, and the page is compared with a literal reading of the Relay cursor connections spec
 * (ApplyCursorsToEdges, EdgesToReturn, HasPreviousPage, HasNextPage). relay-paging.int.test.ts runs
 * the same on Neo4j.
 */
interface Item {
  key: string | number;
  id: string;
}

const ORDER = 'TEST_ORDER';
const LIMITS = { pageDefault: 4, pageMax: 6 };

/** The list's order: the sort key, then the id, both descending for a descending list. */
function compare(a: Item, b: Item, desc: boolean): number {
  const by = (x: string | number, y: string | number): number => (x < y ? -1 : x > y ? 1 : 0);
  const c = by(a.key, b.key) || by(a.id, b.id);
  return desc ? -c : c;
}

/**
 * One condition pageWindow built, as a function of an item: `(k > $a OR (k = $a AND i >= $b))`.
 * Any other shape fails the test, so a change of shape is seen here first.
 */
function evaluate(condition: string, params: Record<string, unknown>): (item: Item) => boolean {
  const shape = /^\(v\.key ([<>]) \$(\w+) OR \(v\.key = \$\2 AND v\.id ([<>]=?) \$(\w+)\)\)$/.exec(condition);
  if (!shape) throw new Error(`unexpected condition ${condition}`);
  const [, keyCmp, keyParam, idCmp, idParam] = shape as unknown as [string, string, string, string, string];
  const k = params[keyParam] as string | number;
  const i = params[idParam] as string;
  const test = (cmp: string, x: string | number, y: string | number): boolean =>
    cmp === '<' ? x < y : cmp === '>' ? x > y : cmp === '<=' ? x <= y : x >= y;
  return (item) => test(keyCmp, item.key, k) || (item.key === k && test(idCmp, item.id, i));
}

/** What the list statement does with a window: filter, order (reversed for a `last` page), limit, `beyond`. */
function run(
  list: Item[],
  args: PageArgs,
  desc: boolean,
): { window: PageWindow; page: ReturnType<typeof cutPage<Item>> } {
  const b = new CypherBuilder();
  const window = pageWindow(b, args, { key: 'v.key', id: 'v.id', desc, order: ORDER }, LIMITS);
  const conditions = window.conditions.map((c) => evaluate(c, b.params));
  const rows = list
    .filter((item) => conditions.every((holds) => holds(item)))
    .sort((a, b2) => compare(a, b2, desc !== window.reversed))
    .slice(0, window.limit)
    .map((item) => ({ sortKey: item.key, id: item.id, node: item }));
  const beyond = window.beyond === undefined ? false : list.some(evaluate(window.beyond, b.params));
  return { window, page: cutPage(window, rows, ORDER, beyond) };
}

/** The spec, literally, on the whole ordered list; cursors are those of the list's own edges. */
function spec(
  sorted: Item[],
  args: PageArgs,
): { edges: Item[]; hasPreviousPage: boolean; hasNextPage: boolean } {
  const cursorOf = (item: Item): string => encodeCursor(ORDER, item.key, item.id);
  const first = args.first ?? (args.last == null ? LIMITS.pageDefault : undefined);
  const last = args.last ?? undefined;
  // ApplyCursorsToEdges
  let edges = sorted;
  if (args.after != null) {
    const at = edges.findIndex((item) => cursorOf(item) === args.after);
    if (at >= 0) edges = edges.slice(at + 1);
  }
  if (args.before != null) {
    const at = edges.findIndex((item) => cursorOf(item) === args.before);
    if (at >= 0) edges = edges.slice(0, at);
  }
  const between = edges;
  // EdgesToReturn
  if (first !== undefined && edges.length > first) edges = edges.slice(0, first);
  if (last !== undefined && edges.length > last) edges = edges.slice(edges.length - last);
  // HasPreviousPage and HasNextPage. Where the spec lets a server say whether elements lie beyond a
  // cursor, this one does: the cursor's own edge and all before it (after) or after it (before).
  const hasPreviousPage = last !== undefined ? between.length > last : args.after != null;
  const hasNextPage = first !== undefined ? between.length > first : args.before != null;
  return { edges, hasPreviousPage, hasNextPage };
}

/** A list with repeated sort keys (so the id breaks ties), ids unique, of either key type. */
const arbitraryList: fc.Arbitrary<Item[]> = fc.oneof(
  fc.uniqueArray(
    fc.record({ key: fc.constantFrom('甲', '乙', 'a', 'b', ''), id: fc.stringMatching(/^[a-z]{1,3}$/) }),
    {
      selector: (item) => item.id,
      maxLength: 12,
    },
  ),
  fc.uniqueArray(fc.record({ key: fc.integer({ min: -2, max: 2 }), id: fc.stringMatching(/^[a-z]{1,3}$/) }), {
    selector: (item) => item.id,
    maxLength: 12,
  }),
);

/** Page arguments over a list: counts within the limits, cursors of its edges. */
const arbitraryCase = fc.tuple(arbitraryList, fc.boolean()).chain(([list, desc]) => {
  const sorted = [...list].sort((a, b) => compare(a, b, desc));
  const cursor =
    sorted.length > 0
      ? fc.option(fc.constantFrom(...sorted.map((i) => encodeCursor(ORDER, i.key, i.id))))
      : fc.constant(null);
  const count = fc.option(fc.integer({ min: 1, max: LIMITS.pageMax }));
  return fc.record({
    sorted: fc.constant(sorted),
    desc: fc.constant(desc),
    args: fc.record({ first: count, after: cursor, last: count, before: cursor }),
  });
});

/**
 * `before` at or ahead of `after`. The spec then drops `before` (its edge is no longer among the edges
 * after `after`); keyset paging keeps both conditions and returns nothing between them.
 */
function crossed(sorted: Item[], args: PageArgs): boolean {
  if (args.after == null || args.before == null) return false;
  const at = (cursor: string): number => sorted.findIndex((i) => encodeCursor(ORDER, i.key, i.id) === cursor);
  return at(args.before) <= at(args.after);
}

describe('Relay paging on in-memory lists (fast-check, against the spec)', () => {
  const params = { seed: 12, numRuns: 1000 };

  it("returns the spec's edges, in order, with its pageInfo flags and the cursors of its ends", () => {
    fc.assert(
      fc.property(arbitraryCase, ({ sorted, desc, args }) => {
        fc.pre(!crossed(sorted, args));
        const { page } = run([...sorted].reverse(), args, desc);
        const expected = spec(sorted, args);
        expect(page.nodes).toEqual(expected.edges);
        expect(page.edges.map((e) => e.node)).toEqual(expected.edges);
        expect(page.pageInfo.hasPreviousPage).toBe(expected.hasPreviousPage);
        expect(page.pageInfo.hasNextPage).toBe(expected.hasNextPage);
        const cursors = expected.edges.map((item) => encodeCursor(ORDER, item.key, item.id));
        expect(page.edges.map((e) => e.cursor)).toEqual(cursors);
        expect(page.pageInfo.startCursor).toBe(cursors[0] ?? null);
        expect(page.pageInfo.endCursor).toBe(cursors.at(-1) ?? null);
      }),
      params,
    );
  });

  it('returns an empty page for crossed cursors, where the spec would drop `before` (a known difference)', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ sorted, desc, args }) => {
        fc.pre(crossed(sorted, args));
        const { page } = run(sorted, args, desc);
        expect(page.nodes).toEqual([]);
        expect(page.pageInfo.startCursor).toBeNull();
      }),
      { seed: 12, numRuns: 100 },
    );
  });

  it('reads one row more than the page, backwards only for a `last` page without `first`', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ sorted, desc, args }) => {
        const { window } = run(sorted, args, desc);
        expect(window.reversed).toBe(args.first == null && args.last != null);
        const size = Math.max(args.first ?? (args.last == null ? LIMITS.pageDefault : 0), args.last ?? 0);
        expect(window.limit).toBe(size + 1);
      }),
      params,
    );
  });

  it('walks a whole list forwards with endCursor and backwards with startCursor, each node once', () => {
    fc.assert(
      fc.property(
        arbitraryList,
        fc.boolean(),
        fc.integer({ min: 1, max: LIMITS.pageMax }),
        (list, desc, size) => {
          const sorted = [...list].sort((a, b) => compare(a, b, desc));
          const forward: Item[] = [];
          let args: PageArgs = { first: size };
          for (let guard = 0; guard <= list.length; guard++) {
            const { page } = run(list, args, desc);
            forward.push(...page.nodes);
            if (!page.pageInfo.hasNextPage) break;
            args = { first: size, after: page.pageInfo.endCursor };
          }
          expect(forward).toEqual(sorted);
          const backward: Item[] = [];
          args = { last: size };
          for (let guard = 0; guard <= list.length; guard++) {
            const { page } = run(list, args, desc);
            backward.unshift(...page.nodes);
            if (!page.pageInfo.hasPreviousPage) break;
            args = { last: size, before: page.pageInfo.startCursor };
          }
          expect(backward).toEqual(sorted);
        },
      ),
      { seed: 12, numRuns: 300 },
    );
  });
});

describe('Relay paging: arguments refused', () => {
  const window = (args: PageArgs): PageWindow =>
    pageWindow(new CypherBuilder(), args, { key: 'v.key', id: 'v.id', desc: false, order: ORDER }, LIMITS);

  // [what, args, message]
  const cases: [string, PageArgs, RegExp][] = [
    ['first 0', { first: 0 }, /^first must be between 1 and 6$/],
    ['first over the maximum', { first: 7 }, /^first must be between 1 and 6$/],
    ['first negative', { first: -1 }, /^first must be between 1 and 6$/],
    ['first not whole', { first: 1.5 }, /^first must be between 1 and 6$/],
    ['last 0', { last: 0 }, /^last must be between 1 and 6$/],
    ['last over the maximum', { first: 2, last: 7 }, /^last must be between 1 and 6$/],
    ['after of another order', { after: encodeCursor('OTHER', 'a', 'x') }, /^after must be a cursor/],
    ['before not a cursor', { before: 'nope!' }, /^before must be a cursor/],
  ];
  it.each(cases)('%s', (_what, args, message) => {
    let error: unknown;
    try {
      window(args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_USER_INPUT');
    expect((error as AppError).message).toMatch(message);
  });

  it('takes null as absent, as GraphQL clients send it', () => {
    expect(window({ first: null, after: null, last: null, before: null })).toEqual(window({}));
    expect(window({}).first).toBe(LIMITS.pageDefault);
  });
});
