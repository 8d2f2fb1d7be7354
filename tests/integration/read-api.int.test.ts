import { loadCuratedData, startTestServer, statementCounter, type TestServer } from '../support/server';

/**
 * The researcher's API on the curated data: every root query against the real database, with the
 * articles' facts as expectations, and a count of the Cypher statements each operation sends.
 */
describe('read API (real database, curated data)', () => {
  let server: TestServer;
  let sent: { name: string; cypher: string }[];
  let ask: ReturnType<typeof statementCounter>['ask'];

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer();
    ({ sent, ask } = statementCounter(server));
  });
  afterAll(() => server.close());

  it("lists Kunming's chains, each with its joint committee, chain-master and sources, in one statement", async () => {
    const body = await ask(`{
      industryChains(filter: { zone: "park:kunming-htz" }, first: 10) {
        totalCount
        nodes { id name committee { name kind } chainMasters { name } sources { file author } }
      }
    }`);
    const page = body.data?.industryChains as { totalCount: number; nodes: Record<string, unknown>[] };
    expect(page.totalCount).toBe(5);
    expect(sent).toHaveLength(1);
    const bio = page.nodes.find((n) => n.id === 'chain:kunming-htz.biomedicine');
    expect(bio).toEqual({
      id: 'chain:kunming-htz.biomedicine',
      name: '昆明高新区生物医药产业链',
      committee: { name: '昆明高新区生物医药产业链联合党委', kind: 'JOINT_COMMITTEE' },
      chainMasters: [{ name: '贝泰妮' }],
      sources: [{ file: '002_3629daf696c96df6.txt', author: '叶伟（本报记者）' }],
    });
  });

  it("answers who runs Baiyin's lithium chain and where it comes from, through node(id) and fragments", async () => {
    const body = await ask(`{
      node(id: "chain:baiyin-htz.lithium-battery") {
        __typename
        ... on IndustryChain {
          zone { name }
          committee { name }
          chainMasters { name segments { name } sources { file author name } }
          chainType { segments { name stage } }
        }
      }
    }`);
    const chain = body.data?.node as Record<string, unknown>;
    expect(chain.__typename).toBe('IndustryChain');
    expect(chain.zone).toEqual({ name: '白银高新区' });
    // The article reports 12 joint committees but names none, so the graph has no committee row.
    expect(chain.committee).toBeNull();
    expect(chain.chainMasters).toEqual([
      {
        name: '甘肃东方钛业有限公司',
        segments: [{ name: '正极材料' }],
        sources: [
          { file: '003_81b34e1ef5d81430.txt', author: '吕少波', name: '白银高新区党建链串起产业链人才链' },
        ],
      },
    ]);
    const segments = (chain.chainType as { segments: { name: string; stage: string }[] }).segments;
    expect(segments.map((s) => s.stage)).toEqual(
      [...segments.map((s) => s.stage)].sort(
        (a, b) =>
          ['UPSTREAM', 'MIDSTREAM', 'DOWNSTREAM'].indexOf(a) -
          ['UPSTREAM', 'MIDSTREAM', 'DOWNSTREAM'].indexOf(b),
      ),
    );
    expect(segments[0]?.name).toBe('锂资源与锂盐');
  });

  it('looks every label up by id, and returns null for ids that do not exist or are of another label', async () => {
    const body = await ask(`{
      park(id: "park:zhenjiang-htz") { name kind }
      enterprise(id: "ent:baiyin-htz.dongfang-tiye") { shortName highTech }
      project(id: "park:zhenjiang-htz") { name }
      chainSegment(id: "seg:nylon66.nope") { name }
      indicator(id: "ind:baiyin-htz.party-members") { value unit date subjects { id } }
    }`);
    expect(body.data).toEqual({
      park: { name: '镇江高新区', kind: 'ZONE' },
      enterprise: { shortName: '东方钛业', highTech: null },
      project: null,
      chainSegment: null,
      indicator: { value: 5333, unit: '人', date: '2025', subjects: [{ id: 'park:baiyin-htz' }] },
    });
  });

  it('filters enterprises by park, chain, segment and flags', async () => {
    const body = await ask(`{
      inNylonPark: enterprises(filter: { park: "park:pingdingshan-htz" }, first: 100) { totalCount }
      adipic: enterprises(filter: { segment: "seg:nylon66.adipic-acid" }) { nodes { name } }
      highTech: enterprises(filter: { highTech: true }) { nodes { name } }
      specialized: enterprises(filter: { specialized: true, nameContains: "伟业" }) { nodes { name specializedLevel } }
      onChain: enterprises(filter: { chain: "chain:zhenjiang-htz.ship-offshore" }) { nodes { name } }
    }`);
    const data = body.data as Record<string, { totalCount?: number; nodes?: Record<string, unknown>[] }>;
    expect(data.inNylonPark?.totalCount).toBe(11);
    expect(data.adipic?.nodes).toEqual([{ name: '神马尼龙化工有限责任公司' }]);
    expect(data.highTech?.nodes).toEqual([{ name: '赛伏特质量检测公司' }]);
    expect(data.specialized?.nodes).toEqual([
      { name: '河南伟业新材料有限公司', specializedLevel: 'PROVINCIAL' },
    ]);
    expect(data.onChain?.nodes?.map((n) => n.name).sort()).toEqual([
      '中船动力(集团)有限公司',
      '江苏省镇江船厂(集团)有限公司',
    ]);
  });

  it('keeps unknown flags unknown: highTech false lists only firms a source says are not high-tech', async () => {
    const body = await ask(`{
      all: enterprises { totalCount }
      yes: enterprises(filter: { highTech: true }) { totalCount }
      no: enterprises(filter: { highTech: false }) { totalCount }
      notSpecialized: enterprises(filter: { specialized: false }) { totalCount }
    }`);
    const count = (key: string): number => (body.data?.[key] as { totalCount: number }).totalCount;
    const [explicit] = await server.gateway.read({
      name: 'test/explicit-false',
      cypher:
        'MATCH (e:Enterprise) RETURN count(CASE WHEN e.highTech = false THEN 1 END) AS highTech, count(CASE WHEN e.specialized = false THEN 1 END) AS specialized',
    });
    // The curated sources only ever state that a firm is high-tech; none says one is not.
    expect(count('all')).toBeGreaterThan(count('yes'));
    expect(count('no')).toBe(explicit?.highTech);
    expect(count('notSpecialized')).toBe(explicit?.specialized);
  });

  it('gives every firm its zone, whether located in the zone itself or in one of its parks', async () => {
    const body = await ask(`{
      direct: enterprise(id: "ent:pingdingshan-htz.weiye") { zone { id kind } parks { id zone { id } } }
      viaPark: enterprise(id: "ent:pingdingshan-htz.meisheng") { zone { id } parks { id zone { id } } }
      industryChain(id: "chain:zhenjiang-htz.ship-offshore") { leadersNamed leaders { id } }
    }`);
    expect(body.data).toEqual({
      direct: {
        zone: { id: 'park:pingdingshan-htz', kind: 'ZONE' },
        parks: [{ id: 'park:pingdingshan-htz', zone: null }],
      },
      viaPark: {
        zone: { id: 'park:pingdingshan-htz' },
        parks: [{ id: 'park:pingdingshan-htz.nylon-new-materials', zone: { id: 'park:pingdingshan-htz' } }],
      },
      // The article names the city's science bureau as leading the joint committee, not as 链长 of the chain.
      industryChain: { leadersNamed: false, leaders: [] },
    });
  });

  it('pages with cursors: pages do not overlap, together they are the whole list, and the count is only run when asked', async () => {
    const query = `query Page($after: String) {
      indicators(filter: { subject: "park:pingdingshan-htz" }, first: 15, after: $after, orderBy: ID_ASC) {
        edges { cursor node { id } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const body = await ask(query, after ? { after } : {});
      expect(sent[0]?.cypher).not.toContain('count(');
      const conn = body.data?.indicators as {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      ids.push(...conn.edges.map((e) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    const counted = await ask('{ indicators(filter: { subject: "park:pingdingshan-htz" }) { totalCount } }');
    expect(sent[0]?.cypher).toContain('count(');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe((counted.data?.indicators as { totalCount: number }).totalCount);
    expect(ids).toEqual([...ids].sort());
  });

  it('searches names in Chinese and English, ranked', async () => {
    const body = await ask(`{
      zh: search(text: "船厂", first: 3) { score node { id name } }
      en: search(text: "Zhenjiang", first: 5) { node { __typename id ... on Park { kind } } }
    }`);
    const zh = body.data?.zh as { score: number; node: { id: string } }[];
    expect(zh[0]?.node.id).toBe('ent:zhenjiang-htz.zhenjiang-shipyard');
    expect(zh.map((h) => h.score)).toEqual([...zh.map((h) => h.score)].sort((a, b) => b - a));
    expect(body.data?.en).toContainEqual({
      node: { __typename: 'Park', id: 'park:zhenjiang-htz', kind: 'ZONE' },
    });
  });

  it('treats quotes, backticks and Cypher in string arguments as data', async () => {
    const body = await ask(`{
      enterprises(filter: { nameContains: "x'}) DETACH DELETE n //\`$p" }) { totalCount }
      search(text: "钛业\\" OR 1=1 AND name:*") { node { id } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.enterprises).toEqual({ totalCount: 0 });
  });

  it('refuses a kind the model does not list as a validation error of the enum, naming it', async () => {
    for (const query of [
      '{ parks(filter: { kind: CITY }) { totalCount } }',
      '{ parks(filter: { kind: "ZONE" }) { totalCount } }',
    ]) {
      const { status, body } = await server.graphql(query);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors?.[0]?.message).toContain('ParkKind');
    }
    const asVariable = await server.graphql(
      'query Q($k: ParkKind) { parks(filter: { kind: $k }) { totalCount } }',
      {
        k: 'CITY',
      },
    );
    expect(asVariable.status).toBe(400);
    expect(asVariable.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const zones = await ask('query Q($k: ParkKind) { parks(filter: { kind: $k }) { nodes { kind } } }', {
      k: 'ZONE',
    });
    const nodes = (zones.data?.parks as { nodes: { kind: string }[] }).nodes;
    expect(nodes.length).toBeGreaterThan(3);
    expect(new Set(nodes.map((n) => n.kind))).toEqual(new Set(['ZONE']));
  });

  describe('bad input gets BAD_USER_INPUT with the limit, never a 500', () => {
    const codeOf = async (query: string): Promise<{ code: unknown; message: string }> => {
      const { status, body } = await server.graphql(query);
      expect(status).toBeLessThan(500);
      return { code: body.errors?.[0]?.extensions?.code, message: body.errors?.[0]?.message ?? '' };
    };

    it.each([
      ['first above the page limit', '{ parks(first: 101) { totalCount } }', 'between 1 and 100'],
      ['first below one', '{ parks(first: 0) { totalCount } }', 'between 1 and 100'],
      ['a malformed cursor', '{ parks(after: "not-a-cursor!") { totalCount } }', 'endCursor'],
      [
        'a cursor of another order',
        `{ parks(orderBy: ID_ASC, after: "${Buffer.from('["v1","NAME_ASC","a","b"]').toString('base64url')}") { totalCount } }`,
        'same list and order',
      ],
      ['a malformed id', '{ node(id: "not an id") { id } }', 'prefix:slug'],
      [
        'an id filter that is not an id',
        '{ enterprises(filter: { park: "DROP" }) { totalCount } }',
        'must be an id of the form prefix:slug',
      ],
      ['search first above its limit', '{ search(text: "钛", first: 51) { score } }', 'between 1 and 50'],
      ['empty search text', '{ search(text: "  ") { score } }', '1 to 100 characters'],
    ])('%s', async (_case, query, phrase) => {
      const { code, message } = await codeOf(query);
      expect(code).toBe('BAD_USER_INPUT');
      expect(message).toContain(phrase);
    });
  });
});
