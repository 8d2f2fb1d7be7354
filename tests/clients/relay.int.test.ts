import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Environment,
  Network,
  RecordSource,
  Store,
  createOperationDescriptor,
  fetchQuery,
  getRequest,
  getSelector,
  type ConcreteRequest,
  type GraphQLTaggedNode,
  type ReaderFragment,
  type SingularReaderSelector,
  type Variables,
} from 'relay-runtime';
import { SCHEMA_FILE } from '../../src/server/schema';
import { fromRoot } from '../../src/paths';
import { loadCuratedData, startTestServer, type TestServer } from '../support/server';

/**
 * The Relay compiler against schema/schema.graphql, then relay-runtime against the real service: a
 * `@connection` on a root list (which needs PageInfo.startCursor and hasPreviousPage to compile) in a
 * `@refetchable` fragment on Query, paged to the end the way usePaginationFragment does it, and a
 * `@refetchable` fragment on a Node type refetched through Query.node.
 */
const SOURCES: Record<string, string> = {
  'EnterprisesList.js': `
graphql\`
  query EnterprisesListQuery($first: Int, $after: String) {
    ...EnterprisesList_query @arguments(first: $first, after: $after)
  }
\`;
graphql\`
  fragment EnterprisesList_query on Query
  @refetchable(queryName: "EnterprisesListPaginationQuery")
  @argumentDefinitions(first: { type: "Int", defaultValue: 6 }, after: { type: "String" }) {
    enterprises(first: $first, after: $after, orderBy: ID_ASC) @connection(key: "EnterprisesList_enterprises") {
      edges {
        node {
          id
          name
          kind
        }
      }
    }
  }
\`;
`,
  'ParkCard.js': `
graphql\`
  query ParkCardQuery($id: ID!) {
    park(id: $id) {
      ...ParkCard_park
    }
  }
\`;
graphql\`
  fragment ParkCard_park on Park @refetchable(queryName: "ParkCardRefetchQuery") {
    id
    name
    kind
    level
  }
\`;
`,
};

/** Runs the Relay compiler on SOURCES against a schema file, in its own directory. */
function compileRelay(dir: string, schemaFile: string): { status: number | null; output: string } {
  mkdirSync(path.join(dir, 'src'));
  copyFileSync(schemaFile, path.join(dir, 'schema.graphql'));
  // CommonJS artifacts, so that this CommonJS test can require them.
  const config = { src: './src', schema: './schema.graphql', language: 'javascript', eagerEsModules: false };
  writeFileSync(path.join(dir, 'relay.config.json'), JSON.stringify(config));
  for (const [file, text] of Object.entries(SOURCES)) writeFileSync(path.join(dir, 'src', file), text);
  const result = spawnSync(fromRoot('node_modules', '.bin', 'relay-compiler'), [], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  // The compiler exits 0 even when compilation fails, so its output decides.
  const output = `${result.stdout}${result.stderr}`;
  return { status: /Compilation failed|\[ERROR\]/.test(output) ? 1 : result.status, output };
}

describe('Relay compiler and relay-runtime against the service', () => {
  let server: TestServer;
  let dir: string;
  let compile: { status: number | null; output: string };
  let environment: Environment;

  const artifact = <T>(name: string): T =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiler's output is CommonJS made at test time
    require(path.join(dir, 'src', '__generated__', `${name}.graphql.js`)) as T;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'relay-'));
    compile = compileRelay(dir, SCHEMA_FILE);

    await loadCuratedData();
    server = await startTestServer();
    environment = new Environment({
      network: Network.create(async (params, variables) => {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: params.text, variables }),
        });
        return (await response.json()) as never;
      }),
      store: new Store(new RecordSource()),
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compiles a @connection query and @refetchable fragments against schema/schema.graphql', () => {
    expect({ status: compile.status, output: compile.status === 0 ? '' : compile.output }).toEqual({
      status: 0,
      output: '',
    });
    expect(readdirSync(path.join(dir, 'src', '__generated__')).sort()).toEqual([
      'EnterprisesListPaginationQuery.graphql.js',
      'EnterprisesListQuery.graphql.js',
      'EnterprisesList_query.graphql.js',
      'ParkCardQuery.graphql.js',
      'ParkCardRefetchQuery.graphql.js',
      'ParkCard_park.graphql.js',
    ]);
  });

  /** Reads a fragment of a query's result from the store, as a component would. */
  function readFragment<T>(
    query: GraphQLTaggedNode,
    variables: Variables,
    fragment: ReaderFragment,
    key: string,
  ): T {
    const operation = createOperationDescriptor(getRequest(query), variables);
    const root = environment.lookup(operation.fragment).data as Record<string, unknown>;
    const ref = key === '' ? root : root[key];
    const selector = getSelector(fragment, ref) as SingularReaderSelector;
    return environment.lookup(selector).data as T;
  }

  interface List {
    enterprises: {
      edges: { node: { id: string; kind: string | null } }[];
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
    };
  }

  it('could not compile the same @connection against release 0.1.0, whose PageInfo lacked fields', () => {
    const old = mkdtempSync(path.join(tmpdir(), 'relay-0.1.0-'));
    try {
      const result = compileRelay(old, fromRoot('schema', 'releases', '0.1.0.graphql'));
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/startCursor|hasPreviousPage/);
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });

  it('pages the connection to the end with its pagination query, the store merging every page', async () => {
    const expected = await server.graphql(
      '{ enterprises(first: 100, orderBy: ID_ASC) { nodes { id } pageInfo { hasNextPage } } }',
    );
    const all = expected.body.data?.enterprises as {
      nodes: { id: string }[];
      pageInfo: { hasNextPage: boolean };
    };
    const wanted = all.nodes.map((n) => n.id);
    expect(wanted.length).toBeGreaterThan(12);

    const query = artifact<ConcreteRequest>('EnterprisesListQuery');
    const pagination = artifact<ConcreteRequest>('EnterprisesListPaginationQuery');
    const fragment = artifact<ReaderFragment>('EnterprisesList_query');
    const variables = { first: 6, after: null };
    await fetchQuery(environment, query, variables).toPromise();
    let list = readFragment<List>(query, variables, fragment, '');
    let pages = 1;
    while (list.enterprises.pageInfo.hasNextPage && pages < 60) {
      await fetchQuery(environment, pagination, {
        first: 6,
        after: list.enterprises.pageInfo.endCursor,
      }).toPromise();
      list = readFragment<List>(query, variables, fragment, '');
      pages += 1;
    }
    const ids = list.enterprises.edges.map((e) => e.node.id);
    if (!all.pageInfo.hasNextPage) expect(ids).toEqual(wanted);
    else expect(ids.slice(0, wanted.length)).toEqual(wanted);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(ids.length / 6));
  });

  it('refetches a @refetchable fragment on Park through Query.node', async () => {
    const query = artifact<ConcreteRequest>('ParkCardQuery');
    const refetch = artifact<ConcreteRequest>('ParkCardRefetchQuery');
    const fragment = artifact<ReaderFragment>('ParkCard_park');
    await fetchQuery(environment, query, { id: 'park:baiyin-htz' }).toPromise();
    const card = readFragment<Record<string, unknown>>(query, { id: 'park:baiyin-htz' }, fragment, 'park');
    expect(card).toMatchObject({ id: 'park:baiyin-htz', name: '白银高新区', kind: 'ZONE' });
    await fetchQuery(environment, refetch, { id: 'park:baiyin-htz' }).toPromise();
    const refetched = readFragment<Record<string, unknown>>(
      refetch,
      { id: 'park:baiyin-htz' },
      fragment,
      'node',
    );
    expect(refetched).toEqual(card);
    expect(card.level).toEqual(expect.any(String));
  });
});
