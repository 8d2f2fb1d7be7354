import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { readFileSync } from 'node:fs';
import { buildSchema, isInterfaceType } from 'graphql';
import { SCHEMA_FILE } from '../../src/server/schema';
import { SERVICE_VERSION } from '../../src/version';
import { loadCuratedData, startTestServer, statementCounter, type TestServer } from '../support/server';

/** Apollo's possibleTypes for every interface of the committed schema, as a client's build derives them. */
function possibleTypesOf(sdl: string): Record<string, string[]> {
  const schema = buildSchema(sdl);
  return Object.fromEntries(
    Object.values(schema.getTypeMap())
      .filter(isInterfaceType)
      .map((type) => [type.name, schema.getPossibleTypes(type).map((t) => t.name)]),
  );
}

/**
 * Apollo Client 4, set up as the README says, against the real HTTP service on loopback: a normalised
 * InMemoryCache with relayStylePagination on a root list walked with fetchMore to the end, and a query
 * with aliases and fragments read back from the cache.
 */
describe('Apollo Client 4 against the service', () => {
  let server: TestServer;
  let client: ApolloClient;
  let sent: ReturnType<typeof statementCounter>['sent'];

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer();
    ({ sent } = statementCounter(server));
    client = new ApolloClient({
      link: new HttpLink({ uri: `${server.url}/graphql` }),
      cache: new InMemoryCache({
        // Without the implementations of Node the cache cannot match a fragment on Node to a Park.
        possibleTypes: possibleTypesOf(readFileSync(SCHEMA_FILE, 'utf8')),
        typePolicies: {
          // The list's arguments other than the cursors name the list: one cached list per filter and order.
          Query: { fields: { enterprises: relayStylePagination(['filter', 'orderBy']) } },
        },
      }),
    });
  });
  afterAll(async () => {
    client.stop();
    await server.close();
  });

  const ENTERPRISES = gql`
    query Enterprises($first: Int!, $after: String, $kind: EnterpriseKind) {
      enterprises(first: $first, after: $after, orderBy: NAME_ASC, filter: { kind: $kind }) {
        edges {
          cursor
          node {
            id
            name
            kind
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  `;

  interface Page {
    enterprises: {
      edges: { cursor: string; node: { id: string; name: string; kind: string | null } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }

  it('walks a root list with fetchMore to the end: every node once, in order, merged in the cache', async () => {
    const expected = await server.graphql(
      '{ enterprises(first: 100, orderBy: NAME_ASC, filter: { kind: COMPANY }) { nodes { id } pageInfo { hasNextPage } } }',
    );
    const all = expected.body.data?.enterprises as {
      nodes: { id: string }[];
      pageInfo: { hasNextPage: boolean };
    };
    expect(all.pageInfo.hasNextPage).toBe(false);
    expect(all.nodes.length).toBeGreaterThan(20);

    // Apollo sends `after: null` for the first page, which must be the first page.
    const watched = client.watchQuery<Page>({
      query: ENTERPRISES,
      variables: { first: 7, after: null, kind: 'COMPANY' },
    });
    const subscription = watched.subscribe(() => undefined);
    const first = await watched.refetch();
    let pageInfo = first.data?.enterprises.pageInfo;
    let pages = 1;
    while (pageInfo?.hasNextPage) {
      const more = await watched.fetchMore({ variables: { after: pageInfo.endCursor } });
      pageInfo = (more.data as Page | undefined)?.enterprises.pageInfo;
      pages += 1;
      expect(pages).toBeLessThan(50);
    }
    subscription.unsubscribe();

    const merged = watched.getCurrentResult().data as Page;
    const ids = merged.enterprises.edges.map((e) => e.node.id);
    expect(ids).toEqual(all.nodes.map((n) => n.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(all.nodes.length / 7));
    expect(merged.enterprises.edges.every((e) => e.node.kind === 'COMPANY')).toBe(true);

    // The cache holds one normalised object per enterprise and one merged list of references.
    const cached = client.cache.extract() as Record<string, Record<string, unknown>>;
    const root = cached.ROOT_QUERY ?? {};
    const listKey = Object.keys(root).find((k) => k.startsWith('enterprises:'));
    const list = root[listKey ?? ''] as { edges: { node: { __ref: string } }[] };
    expect(list.edges.map((e) => e.node.__ref)).toEqual(ids.map((id) => `Enterprise:${id}`));
    for (const id of ids) expect(cached[`Enterprise:${id}`]).toMatchObject({ id, kind: 'COMPANY' });
  });

  it('answers aliases and fragments over HTTP, and reads the same answer back from the cache', async () => {
    const query = gql`
      fragment ZoneCard on Park {
        id
        name
        kind
        level
      }
      fragment Named on Node {
        id
        name
      }
      query Zones {
        baiyin: park(id: "park:baiyin-htz") {
          ...ZoneCard
          chains {
            ...Named
          }
        }
        kunming: park(id: "park:kunming-htz") {
          ...ZoneCard
        }
        lookup: node(id: "park:baiyin-htz") {
          ...Named
          ... on Park {
            city
          }
        }
      }
    `;
    sent.length = 0;
    const fromServer = await client.query({ query, fetchPolicy: 'network-only' });
    expect(fromServer.error).toBeUndefined();
    expect(sent.length).toBeLessThanOrEqual(3);
    const data = fromServer.data as Record<string, Record<string, unknown>>;
    expect(data.baiyin).toMatchObject({
      __typename: 'Park',
      id: 'park:baiyin-htz',
      name: '白银高新区',
      kind: 'ZONE',
    });
    expect((data.baiyin?.chains as unknown[]).length).toBeGreaterThan(0);
    expect(data.kunming).toMatchObject({ id: 'park:kunming-htz', kind: 'ZONE' });
    expect(data.lookup).toMatchObject({ __typename: 'Park', id: 'park:baiyin-htz', name: '白银高新区' });

    sent.length = 0;
    const fromCache = client.readQuery({ query });
    expect(fromCache).toEqual(fromServer.data);
    const again = await client.query({ query, fetchPolicy: 'cache-only' });
    expect(again.data).toEqual(fromServer.data);
    expect(sent).toHaveLength(0);
    // One normalised Park for both the alias and node(id): the cache merged them by id.
    const cached = client.cache.extract() as Record<string, Record<string, unknown>>;
    const park = cached['Park:park:baiyin-htz'];
    expect(typeof park?.city).toBe('string');
    expect(park).toMatchObject({ kind: 'ZONE', level: 'NATIONAL' });
  });

  it('reads serviceInfo.version, the released version', async () => {
    const { data } = await client.query<{ serviceInfo: { version: string } }>({
      query: gql`
        {
          serviceInfo {
            version
          }
        }
      `,
    });
    expect(data?.serviceInfo.version).toBe(SERVICE_VERSION);
    expect(SERVICE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
