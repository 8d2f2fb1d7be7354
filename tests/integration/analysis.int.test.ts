import path from 'node:path';
import { applySchema } from '../../src/db/schema';
import { loadSeed } from '../../src/seed/loader';
import { resetDatabase, testGateway } from '../support/db';
import { loadCuratedData, startTestServer, statementCounter, type TestServer } from '../support/server';

type Gap = {
  segment: { name: string };
  status: string;
  gapType: string | null;
  enterprises: { name: string }[];
  projects: { name: string }[];
};
const gapsQuery = (chain: string): string =>
  `{ chainGaps(chainId: "${chain}") { segment { name } status gapType enterprises { name } projects { name } } }`;

/** The planner's analyses on the curated data: the cases the articles describe, in one statement each. */
describe('planner analysis (real database, curated data)', () => {
  let server: TestServer;
  let ask: ReturnType<typeof statementCounter>['ask'];

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer();
    ({ ask } = statementCounter(server));
  });
  afterAll(() => server.close());

  const gapsOf = async (chain: string): Promise<Map<string, Gap>> => {
    const body = await ask(gapsQuery(chain));
    expect(body.errors).toBeUndefined();
    return new Map((body.data?.chainGaps as Gap[]).map((g) => [g.segment.name, g]));
  };

  it("Qingdao's high-end main machine segment is FILLING through the five-axis project", async () => {
    const gaps = await gapsOf('chain:qingdao-htz.cnc-machine-tools');
    expect(gaps.get('高端主机')).toMatchObject({
      status: 'FILLING',
      enterprises: [],
      projects: [{ name: '高精五轴加工中心生产基地项目' }],
    });
    expect(gaps.get('功能部件')?.status).toBe('FILLING');
    expect(gaps.get('数控系统与工业软件')).toMatchObject({ status: 'MISSING', gapType: 'UPSTREAM' });
  });

  it("Pingdingshan's green-dyeing segment is covered through 无水染色, and 神马 alone holds adipic acid", async () => {
    const gaps = await gapsOf('chain:pingdingshan-htz.nylon66');
    const dyeing = gaps.get('染色与整理（含无水染色）');
    expect(dyeing?.enterprises).toEqual([{ name: '河南无水染色科技股份有限公司' }]);
    // One local firm plus the signed 无水印染项目: the segment is being strengthened, not yet COVERED.
    expect(dyeing?.status).toBe('FILLING');
    expect(dyeing?.projects.map((p) => p.name)).toContain('无水印染项目');
    // The drying upgrade is only PLANNED, so it does not count as filling: one firm is a weak link.
    expect(gaps.get('己二酸')).toMatchObject({
      status: 'WEAK',
      gapType: 'SUPPLY',
      enterprises: [{ name: '神马尼龙化工有限责任公司' }],
    });
  });

  it("Baiyin's lithium-battery chain shows its uncovered segments", async () => {
    const body = await ask(`{
      chainSnapshot(chainId: "chain:baiyin-htz.lithium-battery") {
        missing weak filling covered
        chain { name chainMasters { name } zone { name } }
        segments { segment { order name } status score { total localScale linkage innovation } }
      }
    }`);
    const snapshot = body.data?.chainSnapshot as {
      missing: number;
      weak: number;
      filling: number;
      covered: number;
      segments: { segment: { order: number; name: string }; status: string; score: { total: number } }[];
    };
    expect([snapshot.missing, snapshot.weak, snapshot.filling, snapshot.covered]).toEqual([8, 1, 0, 0]);
    expect(snapshot.segments.map((s) => s.segment.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const cathode = snapshot.segments.find((s) => s.segment.name === '正极材料');
    expect(cathode?.status).toBe('WEAK');
    // One local firm, a chain-master: localScale (1 + 1) / 3; no covered neighbour; no outcome.
    expect(cathode?.score).toEqual({ total: 33.333, localScale: 0.667, linkage: 0, innovation: 0 });
  });

  it('blastRadius: 东方钛业 stopping orphans cathode materials and everything downstream of it', async () => {
    const body = await ask(`{
      blastRadius(enterpriseId: "ent:baiyin-htz.dongfang-tiye") {
        orphanedSegments { name } downstreamSegments { distance node { name } } orphanedCustomers { name }
      }
    }`);
    expect(body.data?.blastRadius).toEqual({
      orphanedSegments: [{ name: '正极材料' }],
      downstreamSegments: [
        { distance: 1, node: { name: '电芯制造' } },
        { distance: 2, node: { name: '电池模组与PACK' } },
        { distance: 3, node: { name: '终端应用（新能源汽车、储能）' } },
      ],
      orphanedCustomers: [],
    });
  });

  it("puts Baiyin's reported figures next to what the graph counts, labelled", async () => {
    const body = await ask(
      `{ partyCoverage(id: "park:baiyin-htz") { enterprises jointCommittees figures { metric basis value } } }`,
    );
    const figures = (
      body.data?.partyCoverage as { figures: { metric: string; basis: string; value: number }[] }
    ).figures;
    expect(figures.filter((f) => f.metric === 'joint_committees')).toEqual([
      { metric: 'joint_committees', basis: 'COUNTED', value: 0 },
      { metric: 'joint_committees', basis: 'REPORTED', value: 12 },
    ]);
    expect(figures).toContainEqual({ metric: 'party_members', basis: 'REPORTED', value: 5333 });
  });

  it('counts coverage of a chain: Kunming biomedicine has its committee', async () => {
    const body = await ask(
      `{ partyCoverage(id: "chain:kunming-htz.biomedicine") { subject { name } enterprises jointCommittees partyOrganizationShare } }`,
    );
    expect(body.data?.partyCoverage).toMatchObject({
      subject: { name: '昆明高新区生物医药产业链' },
      jointCommittees: 1,
    });
  });

  it('compares zones side by side, in the order asked', async () => {
    const body = await ask(
      `{ compareParks(ids: ["park:baiyin-htz", "park:kunming-htz"]) { park { name } chains segments covered weak gaps committees enterprises indicators { metric } } }`,
    );
    const rows = body.data?.compareParks as Record<string, unknown>[];
    expect(rows.map((r) => (r.park as { name: string }).name)).toEqual(['白银高新区', '昆明高新区']);
    expect(rows[0]).toMatchObject({ chains: 1, segments: 9, covered: 0, weak: 1, gaps: 8, committees: 0 });
    expect(rows[1]).toMatchObject({ chains: 5, committees: 5 });
  });

  it("proposes Suizhou's 斯诺 anode project for Baiyin's missing anode segment, and no zone's own projects", async () => {
    const body = await ask(`{
      chainGaps(chainId: "chain:baiyin-htz.lithium-battery") { segment { id } status gapType }
      fillCandidates(chainId: "chain:baiyin-htz.lithium-battery", segmentId: "seg:lithium-battery.anode") {
        projects { project { id name status } zone { id name } investors { id }
          evidence { status basis note chainMasterInvestor specializedInvestor sources { id } } }
      }
      own: fillCandidates(chainId: "chain:pingdingshan-htz.nylon66", segmentId: "seg:nylon66.dyeing") {
        projects { project { id } }
      }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.chainGaps).toContainEqual({
      segment: { id: 'seg:lithium-battery.anode' },
      status: 'MISSING',
      gapType: 'UPSTREAM',
    });
    expect((body.data?.fillCandidates as { projects: unknown[] }).projects).toEqual([
      {
        project: {
          id: 'project:suizhou-htz.snow-anode-100kt',
          name: '斯诺年产10万吨新能源动力电池负极材料一体化项目',
          status: 'BUILDING',
        },
        zone: { id: 'park:suizhou-htz', name: '随州高新区' },
        investors: [],
        evidence: {
          status: 'BUILDING',
          basis: 'INFERRED',
          note: 'the project makes 新能源动力电池负极材料 (anode materials); the article does not use the words 补链/强链',
          chainMasterInvestor: false,
          specializedInvestor: false,
          sources: [{ id: 'source:002-suizhou-half-year' }],
        },
      },
    ]);
    // 无水印染项目 (SIGNED) fills Pingdingshan's own dyeing segment: it counts there as FILLING, never as a candidate.
    expect(body.data?.own).toEqual({ projects: [] });
  });

  it('lists institutions with outcomes in a segment', async () => {
    const body = await ask(
      `{ fillCandidates(chainId: "chain:zhenjiang-htz.ship-offshore", segmentId: "seg:ship-offshore.power") { enterprises { enterprise { name } } institutions { developer { name } outcomes { name } } } }`,
    );
    expect((body.data?.fillCandidates as { institutions: unknown[] }).institutions).toEqual([
      { developer: { name: '党员攻关联合体' }, outcomes: [{ name: '船用中速双燃料发动机' }] },
    ]);
  });

  describe('bad input', () => {
    it.each([
      [
        'a segment not in the chain type',
        '{ fillCandidates(chainId: "chain:baiyin-htz.lithium-battery", segmentId: "seg:nylon66.dyeing") { institutions { outcomes { id } } } }',
        'BAD_USER_INPUT',
        'is not a segment of the type',
      ],
      [
        'an unknown chain',
        '{ chainGaps(chainId: "chain:nowhere.none") { status } }',
        'NOT_FOUND',
        'no IndustryChain has id',
      ],
      [
        'first beyond the limit',
        '{ fillCandidates(chainId: "chain:baiyin-htz.lithium-battery", segmentId: "seg:lithium-battery.anode", first: 51) { institutions { outcomes { id } } } }',
        'BAD_USER_INPUT',
        'between 1 and 50',
      ],
      [
        'a chain id that is not a chain',
        '{ chainSnapshot(chainId: "park:baiyin-htz") { missing } }',
        'BAD_USER_INPUT',
        'of type IndustryChain',
      ],
      [
        'too many zones to compare',
        `{ compareParks(ids: [${Array.from({ length: 11 }, (_, i) => `"park:z${i}"`).join(',')}]) { chains } }`,
        'BAD_USER_INPUT',
        '1 to 10',
      ],
      [
        'an unknown enterprise',
        '{ blastRadius(enterpriseId: "ent:nowhere.none") { orphanedCustomers { id } } }',
        'NOT_FOUND',
        'no Enterprise has id',
      ],
    ])('%s', async (_case, query, code, phrase) => {
      const { status, body } = await server.graphql(query);
      expect(status).toBeLessThan(500);
      expect(body.errors?.[0]?.extensions?.code).toBe(code);
      expect(body.errors?.[0]?.message).toContain(phrase);
    });
  });
});

describe('fill candidates across zones (real database, fixture)', () => {
  let server: TestServer;

  beforeAll(async () => {
    const setup = testGateway(60_000);
    await applySchema(setup);
    await resetDatabase(setup);
    await loadSeed(setup, path.join(__dirname, '..', 'fixtures', 'seed-cross-park'));
    await setup.close();
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("proposes zone A's anode firms for zone B's missing anode segment, the one with evidence first", async () => {
    const { body } = await server.graphql(`{
      chainGaps(chainId: "chain:b-htz.li") { segment { id } status }
      fillCandidates(chainId: "chain:b-htz.li", segmentId: "seg:li.anode") {
        enterprises { enterprise { id } score evidence { specialized chainMaster sharedPartners { id } } }
      }
    }`);
    expect(body.data?.chainGaps).toContainEqual({ segment: { id: 'seg:li.anode' }, status: 'MISSING' });
    const candidates = (
      body.data?.fillCandidates as {
        enterprises: { enterprise: { id: string }; score: number; evidence: unknown }[];
      }
    ).enterprises;
    expect(candidates.map((c) => c.enterprise.id)).toEqual(['ent:a-htz.anode-star', 'ent:a-htz.anode-plain']);
    expect(candidates[0]?.evidence).toEqual({
      specialized: true,
      chainMaster: false,
      sharedPartners: [{ id: 'inst:shared-lab' }],
    });
    expect(candidates[0]?.score).toBeGreaterThan(candidates[1]?.score ?? 0);
  });

  it("proposes zone A's anode projects to zone B, producing before building, stated before inferred, never PLANNED", async () => {
    const { body } = await server.graphql(`{
      fillCandidates(chainId: "chain:b-htz.li", segmentId: "seg:li.anode") {
        projects { project { id } zone { id } investors { id } evidence { status basis mode note specializedInvestor } }
      }
      firstTwo: fillCandidates(chainId: "chain:b-htz.li", segmentId: "seg:li.anode", first: 2) { projects { project { id } } }
    }`);
    expect(body.errors).toBeUndefined();
    const evidence = { mode: null, note: null, specializedInvestor: false };
    expect(body.data?.fillCandidates).toEqual({
      projects: [
        {
          project: { id: 'project:a-htz.anode-producing' },
          // Located in a park of zone A, not in the zone itself: the zone is still A.
          zone: { id: 'park:a-htz' },
          investors: [],
          evidence: { ...evidence, status: 'PRODUCING', basis: 'STATED' },
        },
        {
          project: { id: 'project:a-htz.anode-building-stated' },
          zone: { id: 'park:a-htz' },
          investors: [],
          evidence: { ...evidence, status: 'BUILDING', basis: 'STATED', mode: '补链' },
        },
        {
          project: { id: 'project:a-htz.anode-building-inferred' },
          zone: { id: 'park:a-htz' },
          investors: [{ id: 'ent:a-htz.anode-star' }],
          evidence: {
            status: 'BUILDING',
            basis: 'INFERRED',
            mode: null,
            note: '读自产品',
            specializedInvestor: true,
          },
        },
      ],
    });
    expect(body.data?.firstTwo).toEqual({
      projects: [
        { project: { id: 'project:a-htz.anode-producing' } },
        { project: { id: 'project:a-htz.anode-building-stated' } },
      ],
    });
  });

  it("proposes zone B's cathode project to zone A, not A's own, and marks a chain-master investor", async () => {
    const { body } = await server.graphql(`{
      fillCandidates(chainId: "chain:a-htz.li", segmentId: "seg:li.cathode") {
        projects { project { id } zone { id } investors { id } evidence { chainMasterInvestor } }
      }
    }`);
    expect(body.data?.fillCandidates).toEqual({
      projects: [
        {
          project: { id: 'project:b-htz.cathode-line' },
          zone: { id: 'park:b-htz' },
          investors: [{ id: 'ent:b-htz.master' }],
          evidence: { chainMasterInvestor: true },
        },
      ],
    });
  });

  it('says whether the sources name a chain leader, and gives a firm or project its zone through its park', async () => {
    const { body } = await server.graphql(`{
      industryChains(first: 5, orderBy: ID_ASC) { nodes { id leadersNamed leaders { id } } }
      enterprise(id: "ent:a-htz.anode-star") { zone { id } parks { id zone { id } } }
      project(id: "project:a-htz.anode-producing") { zone { id } parks { id zone { id } } }
    }`);
    expect(body.data).toEqual({
      industryChains: {
        nodes: [
          { id: 'chain:a-htz.li', leadersNamed: false, leaders: [] },
          { id: 'chain:b-htz.li', leadersNamed: true, leaders: [{ id: 'gov:b-htz.admin' }] },
        ],
      },
      // Located in the zone itself: its park has no zone, the firm still has one.
      enterprise: { zone: { id: 'park:a-htz' }, parks: [{ id: 'park:a-htz', zone: null }] },
      project: {
        zone: { id: 'park:a-htz' },
        parks: [{ id: 'park:a-htz.anode-park', zone: { id: 'park:a-htz' } }],
      },
    });
  });

  it("does not propose a zone's own firms, and finds a firm elsewhere by its supply links alone", async () => {
    const { body } = await server.graphql(
      '{ fillCandidates(chainId: "chain:a-htz.li", segmentId: "seg:li.anode") { enterprises { enterprise { id } evidence { coversSegment supplyLinks } } } }',
    );
    // Zone B's chain-master supplies B's cell maker, and anode feeds cells: a weak sign it could make anodes.
    expect(body.data?.fillCandidates).toEqual({
      enterprises: [
        { enterprise: { id: 'ent:b-htz.master' }, evidence: { coversSegment: false, supplyLinks: 1 } },
      ],
    });
  });
});
