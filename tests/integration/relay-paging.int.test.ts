import { loadCuratedData, startTestServer, statementCounter, type TestServer } from '../support/server';

/**
 * The Relay cursor connections spec on the real database: forward (first/after) and backward
 * (last/before) pages, both together, the PageInfo fields at every step, explicit nulls, in one
 * statement per root field. Every expectation is computed from the whole list read in one page.
 */
describe('Relay connection spec (real database, curated data)', () => {
  let server: TestServer;
  let ask: ReturnType<typeof statementCounter>['ask'];

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer();
    ({ ask } = statementCounter(server));
  });
  afterAll(() => server.close());

  interface Conn {
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  }

  // Lists with and without an anchored filter, in both directions of both orders.
  const LISTS = [
    ['indicators', '{ subject: "park:pingdingshan-htz" }', 'ID_ASC'],
    ['indicators', '{ subject: "park:pingdingshan-htz" }', 'NAME_DESC'],
    ['enterprises', '{ park: "park:pingdingshan-htz" }', 'NAME_ASC'],
    ['enterprises', 'null', 'ID_DESC'],
  ] as const;

  const page = async (
    list: string,
    filter: string,
    order: string,
    args: Record<string, unknown>,
  ): Promise<Conn> => {
    const body = await ask(
      `query P($first: Int, $after: String, $last: Int, $before: String) {
        ${list}(filter: ${filter}, orderBy: ${order}, first: $first, after: $after, last: $last, before: $before) {
          edges { cursor node { id } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }`,
      args,
    );
    expect(body.errors).toBeUndefined();
    return body.data?.[list] as Conn;
  };

  const ids = (conn: Conn): string[] => conn.edges.map((e) => e.node.id);

  describe.each(LISTS)('%s(filter: %s, orderBy: %s)', (list, filter, order) => {
    let all: Conn;
    beforeAll(async () => {
      all = await page(list, filter, order, { first: 100 });
    });

    it('has enough nodes for several pages, and one page of all says no page on either side', () => {
      expect(all.edges.length).toBeGreaterThan(7);
      expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      expect(all.pageInfo.startCursor).toBe(all.edges[0]?.cursor);
      expect(all.pageInfo.endCursor).toBe(all.edges.at(-1)?.cursor);
    });

    it('walks forward from after: null to the end, with hasPreviousPage true on every page but the first', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let n = 0; n < 50; n += 1) {
        const conn = await page(list, filter, order, { first: 3, after });
        expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
        expect(conn.pageInfo.startCursor).toBe(conn.edges[0]?.cursor);
        seen.push(...ids(conn));
        expect(conn.pageInfo.hasNextPage).toBe(seen.length < all.edges.length);
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(seen).toEqual(ids(all));
    });

    it('walks backward from before: null to the start, each page in the list order', async () => {
      const seen: string[] = [];
      let before: string | null = null;
      for (let n = 0; n < 50; n += 1) {
        const conn = await page(list, filter, order, { last: 3, before });
        expect(conn.pageInfo.hasNextPage).toBe(before !== null);
        expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor);
        seen.unshift(...ids(conn));
        expect(conn.pageInfo.hasPreviousPage).toBe(seen.length < all.edges.length);
        if (!conn.pageInfo.hasPreviousPage) break;
        before = conn.pageInfo.startCursor;
      }
      expect(seen).toEqual(ids(all));
    });

    it('takes the nodes strictly between after and before, and applies first, then last', async () => {
      const cursors = all.edges.map((e) => e.cursor);
      const between = ids(all).slice(2, 7); // after index 1, before index 7
      const args = { after: cursors[1], before: cursors[7] };
      expect(ids(await page(list, filter, order, { ...args, first: 100 }))).toEqual(between);
      expect(ids(await page(list, filter, order, { ...args, last: 100 }))).toEqual(between);
      const firstThenLast = await page(list, filter, order, { ...args, first: 4, last: 2 });
      expect(ids(firstThenLast)).toEqual(between.slice(0, 4).slice(-2));
      // The spec: with first, hasNextPage says more than first lie between the cursors; with last,
      // hasPreviousPage says more than last do.
      expect(firstThenLast.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const wide = await page(list, filter, order, { ...args, first: 5, last: 5 });
      expect(ids(wide)).toEqual(between);
      expect(wide.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      const lastLarger = await page(list, filter, order, { ...args, first: 2, last: 4 });
      expect(ids(lastLarger)).toEqual(between.slice(0, 2));
      expect(lastLarger.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    });

    it('answers an empty page past either end with null cursors and the side it came from', async () => {
      const cursors = all.edges.map((e) => e.cursor);
      const pastEnd = await page(list, filter, order, { first: 3, after: cursors.at(-1) });
      expect(pastEnd.edges).toEqual([]);
      expect(pastEnd.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: true,
        startCursor: null,
        endCursor: null,
      });
      const beforeStart = await page(list, filter, order, { last: 3, before: cursors[0] });
      expect(beforeStart.edges).toEqual([]);
      expect(beforeStart.pageInfo).toEqual({
        hasNextPage: true,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      });
      // first with before, and last with after: the window between the cursors, cut from its head or tail.
      expect(ids(await page(list, filter, order, { first: 2, before: cursors[5] }))).toEqual(
        ids(all).slice(0, 2),
      );
      const tail = await page(list, filter, order, { last: 2, after: cursors[1] });
      expect(ids(tail)).toEqual(ids(all).slice(-2));
      expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    });

    it('pages back from the middle with before = a startCursor and forward again with after = its endCursor', async () => {
      const middle = await page(list, filter, order, { first: 2, after: all.edges[3]?.cursor });
      expect(ids(middle)).toEqual(ids(all).slice(4, 6));
      const back = await page(list, filter, order, { last: 2, before: middle.pageInfo.startCursor });
      expect(ids(back)).toEqual(ids(all).slice(2, 4));
      expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const again = await page(list, filter, order, { first: 2, after: back.pageInfo.endCursor });
      expect(ids(again)).toEqual(ids(middle));
    });
  });

  it('treats explicit nulls for first, last, after and before as not given (the default page of 20)', async () => {
    const body = await ask(
      '{ enterprises(first: null, after: null, last: null, before: null) { edges { node { id } } pageInfo { hasPreviousPage hasNextPage } } }',
    );
    expect(body.errors).toBeUndefined();
    const conn = body.data?.enterprises as Conn;
    expect(conn.edges).toHaveLength(20);
    expect(conn.pageInfo).toEqual({ hasPreviousPage: false, hasNextPage: true });
  });

  it('sends no look-behind subquery unless the page asks for it', async () => {
    const { sent, ask: count } = statementCounter(server);
    const all = (await count('{ parks(first: 3) { pageInfo { endCursor } } }')).data?.parks as Conn;
    await count(`{ parks(first: 3, after: "${all.pageInfo.endCursor}") { pageInfo { hasNextPage } } }`);
    expect(sent[0]?.cypher).not.toContain('beyond');
    await count(`{ parks(first: 3, after: "${all.pageInfo.endCursor}") { pageInfo { hasPreviousPage } } }`);
    expect(sent[0]?.cypher).toContain('beyond');
  });

  it('prices a backward page like a forward one in the cost limit', async () => {
    const cost = async (args: string): Promise<unknown> => {
      const { body } = await server.graphql(
        `{ enterprises(${args}) { nodes { suppliers { node { customers { node { suppliers { node { id } } } } } } } } }`,
      );
      return body.errors?.[0]?.extensions?.cost;
    };
    const forward = await cost('first: 100');
    expect(forward).toEqual(expect.any(Number));
    expect(await cost('last: 100')).toBe(forward);
    expect(await cost('first: 10, last: 100')).toBe(forward);
  });

  it.each([
    ['last above the page limit', '{ parks(last: 101) { totalCount } }', 'last must be between 1 and 100'],
    ['last below one', '{ parks(last: 0) { totalCount } }', 'last must be between 1 and 100'],
    ['a malformed before', '{ parks(last: 2, before: "%%%") { totalCount } }', 'before must be a cursor'],
    [
      'a before of another order',
      `{ parks(orderBy: ID_ASC, before: "${Buffer.from('["v1","NAME_ASC","a","b"]').toString('base64url')}") { totalCount } }`,
      'before must be a cursor',
    ],
  ])('refuses %s with BAD_USER_INPUT', async (_case, query, phrase) => {
    const { status, body } = await server.graphql(query);
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toContain(phrase);
  });
});
