import { Client, cacheExchange, fetchExchange, gql } from '@urql/core';
import { loadCuratedData, startTestServer, type TestServer } from '../support/server';

/**
 * urql 6 against the real service. Its default sends queries as GET, which Apollo Server's CSRF
 * prevention refuses unless a preflight-forcing header comes with it; the README recommends either
 * `preferGetMethod: false` or the `apollo-require-preflight` header, and both are tested here.
 */
describe('urql 6 against the service', () => {
  let server: TestServer;
  const seen: { method: string; url: string }[] = [];

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer();
  });
  afterAll(() => server.close());

  /** A fetch that records each request's method, so the tests know which transport urql used. */
  const recordingFetch: typeof fetch = (input, init) => {
    seen.push({
      method: init?.method ?? 'GET',
      url: input instanceof Request ? input.url : input.toString(),
    });
    return fetch(input, init);
  };

  const client = (options: Partial<ConstructorParameters<typeof Client>[0]> = {}): Client =>
    new Client({
      url: `${server.url}/graphql`,
      exchanges: [cacheExchange, fetchExchange],
      fetch: recordingFetch,
      ...options,
    });

  const PAGE = gql`
    query Projects($first: Int, $after: String, $status: ProjectStatus) {
      projects(first: $first, after: $after, filter: { status: $status }, orderBy: ID_ASC) {
        nodes {
          id
          status
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `;
  interface Page {
    projects: {
      nodes: { id: string; status: string }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }

  it("is refused with urql's default GET and no preflight header (why the README's setup is needed)", async () => {
    seen.length = 0;
    const result = await client().query(PAGE, { first: 2, after: null }).toPromise();
    expect(seen[0]?.method).toBe('GET');
    expect(result.data).toBeUndefined();
    expect(result.error).toBeDefined();
  });

  it('pages a list to the end with preferGetMethod: false (POST), sending after: null first', async () => {
    const expected = await server.graphql('{ projects(first: 100, orderBy: ID_ASC) { nodes { id } } }');
    const wanted = (expected.body.data?.projects as { nodes: { id: string }[] }).nodes.map((n) => n.id);
    expect(wanted.length).toBeGreaterThan(4);
    const urql = client({ preferGetMethod: false });
    seen.length = 0;
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const result: { error?: unknown; data?: Page } = await urql
        .query<Page>(PAGE, { first: 3, after, status: null })
        .toPromise();
      expect(result.error).toBeUndefined();
      const conn: Page['projects'] | undefined = result.data?.projects;
      ids.push(...(conn?.nodes.map((n) => n.id) ?? []));
      if (!conn?.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(ids).toEqual(wanted);
    expect(new Set(seen.map((s) => s.method))).toEqual(new Set(['POST']));
  });

  it('queries by GET with the apollo-require-preflight header, and passes an enum variable', async () => {
    const urql = client({ fetchOptions: { headers: { 'apollo-require-preflight': 'true' } } });
    seen.length = 0;
    const result = await urql.query<Page>(PAGE, { first: 50, status: 'SIGNED' }).toPromise();
    expect(result.error).toBeUndefined();
    expect(seen[0]?.method).toBe('GET');
    const nodes = result.data?.projects.nodes ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.status === 'SIGNED')).toBe(true);
  });
});
