import { NODE_LABELS } from '../../src/model/registry';
import { listFieldName } from '../../src/read/resolvers';
import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';

/**
 * Regression tests for what real clients send and the compiled path got wrong: aliases (which the
 * projection keyed by alias alone, while type-graphql read field names) and explicit nulls for optional
 * arguments (which Apollo Client, Relay and urql send on every first page). Each test is an exact
 * operation, found by the differential oracle or filed in issue 11, compared with the same operation
 * written without the alias or the null.
 */
describe('aliases and explicit nulls (real database, curated data)', () => {
  let server: TestServer;
  const ask = async (query: string, variables?: Record<string, unknown>): Promise<GraphQLBody> =>
    (await server.graphql(query, variables)).body;

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers an aliased nested list (issue 11: INTERNAL_SERVER_ERROR on Park.enterprises)', async () => {
    const aliased = await ask('{ park(id: "park:pingdingshan-htz") { a: enterprises { id } } }');
    const plain = await ask('{ park(id: "park:pingdingshan-htz") { enterprises { id } } }');
    expect(aliased.errors).toBeUndefined();
    const enterprises = (plain.data?.park as { enterprises: unknown[] }).enterprises;
    expect(enterprises.length).toBeGreaterThan(0);
    expect(aliased.data).toEqual({ park: { a: enterprises } });
  });

  it('answers an aliased single relation and scalar (issue 11: zone and author came back null)', async () => {
    const body = await ask(`{
      park(id: "park:pingdingshan-htz.huangtai") { z: zone { i: id } c: city zone { id } }
      source(id: "source:000-pingdingshan-red-roots") { a: author author }
    }`);
    expect(body.errors).toBeUndefined();
    const park = body.data?.park as { z: { i: string }; zone: { id: string } };
    expect(park.z).toEqual({ i: 'park:pingdingshan-htz' });
    expect(park.zone).toEqual({ id: 'park:pingdingshan-htz' });
    const source = body.data?.source as { a: string | null; author: string | null };
    expect(source.author).toEqual(expect.any(String));
    expect(source.a).toBe(source.author);
  });

  it('keeps apart one alias that names different fields on the two paths of a page', async () => {
    const body = await ask(`{
      parks(first: 3, orderBy: ID_ASC) { nodes { x: id } edges { node { x: name } } }
    }`);
    expect(body.errors).toBeUndefined();
    const page = body.data?.parks as { nodes: { x: string }[]; edges: { node: { x: string } }[] };
    const plain = await ask('{ parks(first: 3, orderBy: ID_ASC) { nodes { id name } } }');
    const nodes = (plain.data?.parks as { nodes: { id: string; name: string }[] }).nodes;
    expect(page.nodes).toEqual(nodes.map((n) => ({ x: n.id })));
    expect(page.edges).toEqual(nodes.map((n) => ({ node: { x: n.name } })));
  });

  it('answers an alias that is the name of another field, on compiled maps and on connections', async () => {
    const body = await ask(`{
      park(id: "park:pingdingshan-htz") { name: id id: name }
      parks(first: 1, orderBy: ID_ASC) { nodes: totalCount totalCount: nodes { id } }
    }`);
    expect(body.errors).toBeUndefined();
    const plain = await ask(`{
      park(id: "park:pingdingshan-htz") { id name }
      parks(first: 1, orderBy: ID_ASC) { totalCount nodes { id } }
    }`);
    const park = plain.data?.park as { id: string; name: string };
    const parks = plain.data?.parks as { totalCount: number; nodes: unknown };
    expect(body.data).toEqual({
      park: { name: park.id, id: park.name },
      parks: { nodes: parks.totalCount, totalCount: parks.nodes },
    });
  });

  it('treats `after: null` as the first page, on every list (issue 11: decodeCursor failed)', async () => {
    for (const label of NODE_LABELS) {
      const list = listFieldName(label);
      const withNull = await ask(
        `{ ${list}(first: 5, after: null) { nodes { id } pageInfo { hasNextPage } } }`,
      );
      const without = await ask(`{ ${list}(first: 5) { nodes { id } pageInfo { hasNextPage } } }`);
      expect({ list, ...withNull }).toEqual({ list, ...without });
      expect(without.errors).toBeUndefined();
    }
  });

  it('treats explicit nulls for every optional list argument, literal or variable, as not given', async () => {
    const defaults = await ask('{ enterprises { totalCount nodes { id } } }');
    expect(defaults.errors).toBeUndefined();
    const literal = await ask(
      '{ enterprises(filter: null, orderBy: null, first: null, after: null) { totalCount nodes { id } } }',
    );
    expect(literal).toEqual(defaults);
    const variables = await ask(
      `query Page($filter: EnterpriseFilter, $order: NodeOrder, $first: Int, $after: String) {
        enterprises(filter: $filter, orderBy: $order, first: $first, after: $after) { totalCount nodes { id } }
      }`,
      { filter: null, order: null, first: null, after: null },
    );
    expect(variables).toEqual(defaults);
    const fields = await ask(
      '{ enterprises(filter: { park: null, kind: null, highTech: null, ids: null }) { totalCount nodes { id } } }',
    );
    expect(fields).toEqual(defaults);
  });

  it('treats explicit nulls as not given in search, traversals and analyses', async () => {
    const pairs: [string, string][] = [
      [
        '{ search(text: "高新区", first: null) { node { id } } }',
        '{ search(text: "高新区") { node { id } } }',
      ],
      [
        '{ partyChain(id: "org:pingdingshan-htz.working-committee", direction: null, depth: null) { node { id } distance } }',
        '{ partyChain(id: "org:pingdingshan-htz.working-committee") { node { id } distance } }',
      ],
      [
        '{ supplyChain(id: "ent:baiyin-htz.dongfang-tiye", direction: null, depth: null) { node { id } distance } }',
        '{ supplyChain(id: "ent:baiyin-htz.dongfang-tiye") { node { id } distance } }',
      ],
      [
        '{ fillCandidates(chainId: "chain:baiyin-htz.lithium-battery", segmentId: "seg:lithium-battery.cathode", first: null) { enterprises { enterprise { id } score } } }',
        '{ fillCandidates(chainId: "chain:baiyin-htz.lithium-battery", segmentId: "seg:lithium-battery.cathode") { enterprises { enterprise { id } score } } }',
      ],
    ];
    for (const [withNull, without] of pairs) {
      const expected = await ask(without);
      expect({ without, errors: expected.errors }).toEqual({ without, errors: undefined });
      expect({ withNull, ...(await ask(withNull)) }).toEqual({ withNull, ...expected });
    }
  });
  it('reads fragments on the edge and link types of a page (oracle, seed 20261101: ChainType.id was null)', async () => {
    // Shrunk from the oracle's first mismatch: a fragment on ChainTypeEdge around an aliased node.
    const body = await ask(`{
      a: chainTypes { b: edges { ... on ChainTypeEdge { a: node { id } } } }
      chainSegment(id: "seg:nylon66.engineering-plastics") {
        projects { ... on FillLinkToProject { note n: node { id } } }
      }
    }`);
    expect(body.errors).toBeUndefined();
    const plain = await ask(`{
      chainTypes { edges { node { id } } }
      chainSegment(id: "seg:nylon66.engineering-plastics") { projects { note node { id } } }
    }`);
    const edges = (plain.data?.chainTypes as { edges: { node: { id: string } }[] }).edges;
    expect(edges.length).toBeGreaterThan(0);
    expect(body.data?.a).toEqual({ b: edges.map((e) => ({ a: e.node })) });
    const projects = (plain.data?.chainSegment as { projects: { note: string; node: unknown }[] }).projects;
    expect(projects).toContainEqual({
      note: expect.any(String) as string,
      node: { id: 'project:pingdingshan-htz.special-engineering-plastics' },
    });
    expect(body.data?.chainSegment).toEqual({ projects: projects.map((p) => ({ note: p.note, n: p.node })) });
  });
  it('breaks search ties by id whatever the selection (oracle, seed 20261101: ties followed the alias)', async () => {
    // Ties of equal score came back in name order when `id` was an alias of `name`, and in no
    // particular order when id was not selected: the sort read the projected map, not the node.
    const byId = await ask('{ search(text: "区绿色", first: 20) { score node { id } } }');
    const hits = byId.data?.search as { score: number; node: { id: string } }[];
    const tied = hits.filter((h, i) => hits.some((o, j) => i !== j && o.score === h.score));
    expect(tied.length).toBeGreaterThan(1);
    const aliased = await ask('{ search(text: "区绿色", first: 20) { node { id: name i: id } } }');
    const unselected = await ask('{ search(text: "区绿色", first: 20) { node { name } } }');
    const ids = hits.map((h) => h.node.id);
    expect((aliased.data?.search as { node: { i: string } }[]).map((h) => h.node.i)).toEqual(ids);
    const names = await ask('{ search(text: "区绿色", first: 20) { node { id name } } }');
    expect(unselected.data?.search).toEqual(
      (names.data?.search as { node: { name: string } }[]).map((h) => ({ node: { name: h.node.name } })),
    );
    for (let i = 1; i < hits.length; i += 1) {
      const [before, after] = [hits[i - 1], hits[i]] as [(typeof hits)[0], (typeof hits)[0]];
      if (before.score === after.score) expect(before.node.id < after.node.id).toBe(true);
    }
  });
  it('answers aliases in traversals and analyses, also one alias on two paths of a step', async () => {
    const aliased = await ask(`{
      up: supplyChain(id: "ent:baiyin-htz.dongfang-tiye") { a: node { i: id } b: node { i: name } d: distance }
      gaps: chainGaps(chainId: "chain:baiyin-htz.lithium-battery") { s: segment { n: name } st: status }
    }`);
    expect(aliased.errors).toBeUndefined();
    const plain = await ask(`{
      supplyChain(id: "ent:baiyin-htz.dongfang-tiye") { node { id name } distance }
      chainGaps(chainId: "chain:baiyin-htz.lithium-battery") { segment { name } status }
    }`);
    const steps = plain.data?.supplyChain as { node: { id: string; name: string }; distance: number }[];
    const gaps = plain.data?.chainGaps as { segment: { name: string }; status: string }[];
    expect(steps.length).toBeGreaterThan(0);
    expect(gaps.length).toBeGreaterThan(0);
    expect(aliased.data).toEqual({
      up: steps.map((s) => ({ a: { i: s.node.id }, b: { i: s.node.name }, d: s.distance })),
      gaps: gaps.map((g) => ({ s: { n: g.segment.name }, st: g.status })),
    });
  });
});
