import { COMMON_SCALARS, ENTITIES } from '../../src/model/spec';
import { listFieldName } from '../../src/read/resolvers';
import { NODE_LABELS } from '../../src/model/registry';
import { loadCuratedData, startTestServer, statementCounter, type TestServer } from '../support/server';

const lowerFirst = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

/**
 * Every label's two root queries on the curated data: the first page of the list with every scalar
 * field and the sources, then the look-up of its first node, which must give the same node back.
 */
describe('every label: list and look-up (real database, curated data)', () => {
  let server: TestServer;
  let ask: ReturnType<typeof statementCounter>['ask'];

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer();
    ({ ask } = statementCounter(server));
  });
  afterAll(() => server.close());

  it.each(NODE_LABELS.map((label) => [label]))('%s', async (label) => {
    const scalars = ['id', ...Object.keys(COMMON_SCALARS), ...Object.keys(ENTITIES[label].scalars)].join(' ');
    const many = listFieldName(label);
    const listed = await ask(`{ ${many}(first: 3) { totalCount nodes { ${scalars} sources { id } } } }`);
    expect(listed.errors).toBeUndefined();
    const page = listed.data?.[many] as { totalCount: number; nodes: Record<string, unknown>[] };
    expect(page.nodes.length).toBe(Math.min(3, page.totalCount));
    if (label === 'Demand') {
      // The articles report demand totals (128, 96% closed) but no single demand.
      expect(page.totalCount).toBe(0);
      return;
    }
    expect(page.totalCount).toBeGreaterThan(0);
    const first = page.nodes[0];
    if (label !== 'Source') expect((first.sources as unknown[]).length).toBeGreaterThan(0);
    const one = lowerFirst(label);
    const found = await ask(
      `query One($id: ID!) { ${one}(id: $id) { ${scalars} sources { id } } alias: node(id: $id) { __typename nodeId: id } }`,
      {
        id: first.id,
      },
    );
    expect(found.data?.[one]).toEqual(first);
    expect(found.data?.alias).toEqual({ __typename: label, nodeId: first.id });
  });
});
