import { loadCuratedData, startTestServer, statementCounter, type TestServer } from '../support/server';

/** The chain traversals on the curated data, each in one statement, with their limits. */
describe('traversals (real database, curated data)', () => {
  let server: TestServer;
  let ask: ReturnType<typeof statementCounter>['ask'];

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer();
    ({ ask } = statementCounter(server));
  });
  afterAll(() => server.close());

  type Step = { distance: number; via: string; node: { __typename: string; name: string } };
  const names = (steps: unknown): string[] => (steps as Step[]).map((s) => `${s.distance} ${s.node.name}`);

  it('walks the nylon 66 map upstream from dyeing, each segment at its shortest distance', async () => {
    const body = await ask(
      `{ supplyChain(id: "seg:nylon66.dyeing", depth: 6) { distance via node { __typename name } } }`,
    );
    expect(names(body.data?.supplyChain)).toEqual([
      '1 尼龙纤维与工业丝',
      '2 聚合切片',
      '3 尼龙66盐',
      '4 己二酸',
      '4 己二胺',
      '5 己二腈',
    ]);
    expect(
      (body.data?.supplyChain as Step[]).every(
        (s) => s.via === 'FEEDS' && s.node.__typename === 'ChainSegment',
      ),
    ).toBe(true);
  });

  it('stops at the depth asked for, and walks downstream too', async () => {
    const body = await ask(`{
      up: supplyChain(id: "seg:nylon66.dyeing", depth: 2) { distance node { name } }
      down: supplyChain(id: "seg:nylon66.adipic-acid", direction: DOWNSTREAM, depth: 2) { distance node { name } }
    }`);
    expect(names(body.data?.up)).toEqual(['1 尼龙纤维与工业丝', '2 聚合切片']);
    expect(names(body.data?.down)).toEqual(['1 尼龙66盐', '2 聚合切片']);
  });

  it('goes upstream from 东方钛业 through its segment, with who works upstream, in one statement', async () => {
    const body = await ask(`{
      supplyChain(id: "ent:baiyin-htz.dongfang-tiye", depth: 3) {
        distance via node { __typename name ... on ChainSegment { stage enterprises { name } } }
      }
    }`);
    expect(body.data?.supplyChain).toEqual([
      {
        distance: 1,
        via: 'FEEDS',
        node: { __typename: 'ChainSegment', name: '锂资源与锂盐', stage: 'UPSTREAM', enterprises: [] },
      },
    ]);
  });

  it('climbs the Party chain from a committee to the working committee, and back down', async () => {
    const body = await ask(`{
      up: partyChain(id: "org:pingdingshan-htz.general-committee") { distance via node { name } }
      down: partyChain(id: "org:pingdingshan-htz.working-committee", direction: DOWN) { distance node { name } }
      branch: partyChain(id: "ent:pingdingshan-htz.jinjian-zhongsheng") { distance via node { name } }
    }`);
    expect(body.data?.up).toEqual([
      { distance: 1, via: 'REPORTS_TO|MEMBER_OF', node: { name: '平顶山高新区党工委' } },
    ]);
    expect(names(body.data?.down)).toEqual(['1 平顶山高新区综合党委']);
    expect(body.data?.branch).toEqual([
      { distance: 0, via: 'BELONGS_TO', node: { name: '河南金建中晟构件混凝土有限公司党支部' } },
    ]);
  });

  it("follows Zhenjiang's talent and innovation chains", async () => {
    const body = await ask(`{
      talentChain(id: "chain:zhenjiang-htz.ship-offshore") { from { name } to { name } count unit }
      innovationChain(id: "chain:zhenjiang-htz.ship-offshore") { name appliesTo { name } }
    }`);
    expect(body.data?.talentChain).toEqual([
      {
        from: { name: '校地产业链党建联建实践创新基地' },
        to: { name: '镇江高新区高技术船舶海工装备产业链' },
        count: 60,
        unit: '名',
      },
    ]);
    expect((body.data?.innovationChain as { name: string }[]).map((o) => o.name)).toEqual([
      '大型邮轮电磁矫平技术',
      '船用中速双燃料发动机',
      '船用智能控制系统',
    ]);
  });

  it("follows Xi'an's patent licence from the college to the enterprise", async () => {
    const body = await ask(`{ innovationChain(id: "ent:xian-htz.zhiduojing") { name developers { name } } }`);
    const outcomes = body.data?.innovationChain as { name: string; developers: { name: string }[] }[] | null;
    expect(outcomes?.[0]?.name).toBe('自适应聚焦宽带束成形方法及系统');
  });

  it('finds the shortest path between two enterprises, skipping shared sources', async () => {
    const body = await ask(`{
      shortestPath(from: "ent:pingdingshan-htz.shenma-nylon-chemical", to: "ent:pingdingshan-htz.anhydrous-dyeing") {
        length nodes { __typename name } links { type }
      }
      none: shortestPath(from: "ent:baiyin-htz.dongfang-tiye", to: "park:kunming-htz", maxDepth: 2) { length }
    }`);
    const path = body.data?.shortestPath as { length: number; links: { type: string }[] };
    expect(path.length).toBe(2);
    expect(path.links.every((l) => l.type !== 'CITES' && l.type !== 'MEASURES')).toBe(true);
    expect(body.data?.none).toBeNull();
  });

  describe('bad input', () => {
    it.each([
      [
        'a depth above the maximum',
        '{ supplyChain(id: "seg:nylon66.dyeing", depth: 7) { distance } }',
        'BAD_USER_INPUT',
        'between 1 and 6',
      ],
      [
        'a depth of zero',
        '{ partyChain(id: "org:pingdingshan-htz.working-committee", depth: 0) { distance } }',
        'BAD_USER_INPUT',
        'between 1 and 6',
      ],
      [
        'a start of the wrong label',
        '{ supplyChain(id: "park:baiyin-htz") { distance } }',
        'BAD_USER_INPUT',
        'Enterprise or ChainSegment',
      ],
      [
        'an unknown start',
        '{ supplyChain(id: "ent:nowhere.none") { distance } }',
        'NOT_FOUND',
        'no Enterprise has id ent:nowhere.none',
      ],
      [
        'an unknown end of a path',
        '{ shortestPath(from: "park:baiyin-htz", to: "park:nowhere") { length } }',
        'NOT_FOUND',
        'no Park has id park:nowhere',
      ],
    ])('%s', async (_case, query, code, phrase) => {
      const { status, body } = await server.graphql(query);
      expect(status).toBeLessThan(500);
      expect(body.errors?.[0]?.extensions?.code).toBe(code);
      expect(body.errors?.[0]?.message).toContain(phrase);
    });

    it('keeps the other root fields when one start is unknown', async () => {
      const { body } = await server.graphql(`{
        a: supplyChain(id: "ent:nowhere.none") { distance }
        b: supplyChain(id: "seg:nylon66.dyeing", depth: 1) { distance }
      }`);
      expect(body.data).toEqual({ a: null, b: [{ distance: 1 }] });
    });
  });
});
