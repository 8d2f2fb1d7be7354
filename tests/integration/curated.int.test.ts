import { applySchema } from '../../src/db/schema';
import type { Row } from '../../src/db/neo4j';
import { validateSeed } from '../../src/import/format';
import { loadSeed, readSeedFiles } from '../../src/seed/loader';
import { graphCounts, resetDatabase, testGateway } from '../support/db';

/**
 * The curated data set on the real database: it loads, loads again without change, keeps the model's
 * invariants, and answers what the articles say.
 */
describe('curated data set (real database)', () => {
  const gateway = testGateway(60_000);
  const read = (cypher: string, params: Record<string, unknown> = {}): Promise<Row[]> =>
    gateway.read({ name: 'test/curated', cypher, params });
  const one = async (cypher: string, params: Record<string, unknown> = {}): Promise<Row> =>
    (await read(cypher, params))[0] ?? {};

  beforeAll(async () => {
    await applySchema(gateway);
    await resetDatabase(gateway);
    await loadSeed(gateway);
  });
  afterAll(() => gateway.close());

  it('loads every node and relationship of the files, and a second run changes no count', async () => {
    const set = validateSeed(readSeedFiles());
    const nodes = [...set.nodes.values()].reduce((sum, rows) => sum + rows.length, 0);
    const fileRelationships = set.relationships.reduce((sum, g) => sum + g.rows.length, 0);
    const cites = [...set.nodes.values()]
      .flat()
      .reduce((sum, row) => sum + (Array.isArray(row.sources) ? row.sources.length : 0), 0);
    const first = await graphCounts(gateway);
    expect(first).toEqual({ nodes, relationships: fileRelationships + cites });
    await loadSeed(gateway);
    expect(await graphCounts(gateway)).toEqual(first);
  });

  describe('invariants', () => {
    it('every node but a Source cites a source, and every relationship names its sources', async () => {
      expect(
        await one(
          'MATCH (n) WHERE NOT n:Source AND NOT n:Change AND NOT n:ChangeLog AND NOT n:ChangeGate AND NOT n:Lease AND NOT n:Webhook AND NOT n:Tally AND NOT n:TallyDelta AND NOT n:TallyGate AND NOT n:AggregateState AND NOT EXISTS { (n)-[:CITES]->(:Source) } RETURN count(n) AS n',
        ),
      ).toEqual({ n: 0 });
      expect(
        await one(
          "MATCH ()-[r]->() WHERE type(r) <> 'CITES' AND (r.sources IS NULL OR size(r.sources) = 0) RETURN count(r) AS n",
        ),
      ).toEqual({ n: 0 });
      expect(
        await one(
          'MATCH (s:Source) WHERE s.file IS NULL OR s.name IS NULL OR s.author IS NULL RETURN count(s) AS n',
        ),
      ).toEqual({ n: 0 });
    });

    it('no chain has two governing committees', async () => {
      expect(
        await read('MATCH (c:IndustryChain)<-[:GOVERNS]-(g) WITH c, count(g) AS n WHERE n > 1 RETURN c.id'),
      ).toEqual([]);
    });

    it('segment flow and the Party hierarchy have no cycles', async () => {
      expect(await read('MATCH (s:ChainSegment) WHERE EXISTS { (s)-[:FEEDS]->+(s) } RETURN s.id')).toEqual(
        [],
      );
      expect(
        await read('MATCH (o:PartyOrganization) WHERE EXISTS { (o)-[:REPORTS_TO]->+(o) } RETURN o.id'),
      ).toEqual([]);
    });

    it('every Indicator has a numeric value, a unit and a date, and measures something', async () => {
      expect(
        await one(
          "MATCH (i:Indicator) WHERE NOT (i.value :: FLOAT OR i.value :: INTEGER) OR coalesce(i.unit, '') = '' " +
            "OR NOT i.date =~ '\\\\d{4}(-\\\\d{2}(-\\\\d{2})?)?' OR NOT EXISTS { (i)-[:MEASURES]->() } RETURN count(i) AS n",
        ),
      ).toEqual({ n: 0 });
    });

    it('every chain type has its segments in one flow, each stage present, orders unique', async () => {
      const bad = await read(
        'MATCH (t:ChainType)-[:HAS_SEGMENT]->(s) WITH t, count(s) AS n, count(DISTINCT s.order) AS orders, ' +
          'collect(DISTINCT s.stage) AS stages WHERE n <> orders OR size(stages) < 3 OR n < 4 RETURN t.id',
      );
      expect(bad).toEqual([]);
      expect(await one('MATCH (t:ChainType) RETURN count(t) AS n')).toEqual({ n: 12 });
    });
  });

  describe('what the articles say', () => {
    it("Baiyin's lithium-battery chain: chain-master 东方钛业 in cathode materials, and where that comes from", async () => {
      expect(
        await one(
          'MATCH (z:Park {id: $zone})-[:HAS_CHAIN]->(c:IndustryChain)-[:OF_TYPE]->(:ChainType {id: $type}) ' +
            'MATCH (e:Enterprise)-[:CHAIN_MASTER_OF]->(c) MATCH (e)-[:OPERATES_IN]->(seg:ChainSegment) ' +
            'MATCH (e)-[:LOCATED_IN]->(p:Park)-[:PART_OF]->(z) MATCH (e)-[:CITES]->(src:Source) ' +
            'RETURN e.name AS master, seg.name AS segment, p.name AS park, src.file AS file, src.author AS author',
          { zone: 'park:baiyin-htz', type: 'chaintype:lithium-battery' },
        ),
      ).toEqual({
        master: '甘肃东方钛业有限公司',
        segment: '正极材料',
        park: '银东工业园',
        file: '003_81b34e1ef5d81430.txt',
        author: '吕少波',
      });
    });

    it("Baiyin's reported totals are indicators, with no invented committees", async () => {
      const rows = await read(
        'MATCH (i:Indicator)-[:MEASURES]->(:Park {id: $zone}) WHERE i.metric IN $metrics RETURN i.metric AS metric, i.value AS value ORDER BY metric',
        {
          zone: 'park:baiyin-htz',
          metrics: [
            'joint_committees',
            'chain_enterprises',
            'enterprise_party_organizations',
            'party_members',
          ],
        },
      );
      expect(rows).toEqual([
        { metric: 'chain_enterprises', value: 117 },
        { metric: 'enterprise_party_organizations', value: 243 },
        { metric: 'joint_committees', value: 12 },
        { metric: 'party_members', value: 5333 },
      ]);
      expect(
        await one(
          "MATCH (o:PartyOrganization)-[:CITES]->(:Source {id: 'source:003-baiyin-party-chain'}) RETURN count(o) AS n",
        ),
      ).toEqual({ n: 0 });
    });

    it("Kunming's coverage figures and its five chains, each with one joint committee", async () => {
      const coverage = await read(
        "MATCH (i:Indicator {metric: 'org_coverage_rate'})-[:MEASURES]->(:Park {id: 'park:kunming-htz'}) RETURN i.value AS value ORDER BY value",
      );
      expect(coverage).toEqual([{ value: 63.38 }, { value: 69.12 }]);
      const chains = await read(
        "MATCH (:Park {id: 'park:kunming-htz'})-[:HAS_CHAIN]->(c)-[:OF_TYPE]->(t) OPTIONAL MATCH (j:PartyOrganization {kind: 'JOINT_COMMITTEE'})-[:GOVERNS]->(c) " +
          'RETURN t.id AS type, count(j) AS committees ORDER BY type',
      );
      expect(chains).toEqual(
        ['biomedicine', 'electronic-info', 'green-energy', 'green-food', 'new-materials'].map((t) => ({
          type: `chaintype:${t}`,
          committees: 1,
        })),
      );
    });

    it("Zhenjiang's ship chain: its joint committee, its chain-masters, the city committee the science bureau leads", async () => {
      expect(
        await one(
          "MATCH (c:IndustryChain {id: 'chain:zhenjiang-htz.ship-offshore'})<-[:GOVERNS]-(j) " +
            'MATCH (m:Enterprise)-[:CHAIN_MASTER_OF]->(c) WITH c, j, collect(m.name) AS masters ' +
            "MATCH (:GovernmentBody {name: '镇江市科技局'})-[:LEADS]->(city:PartyOrganization) " +
            'RETURN j.name AS committee, masters, city.name AS city',
        ),
      ).toEqual({
        committee: '镇江高新区产业链联合党委',
        masters: expect.arrayContaining([
          '江苏省镇江船厂(集团)有限公司',
          '中船动力(集团)有限公司',
        ]) as unknown,
        city: '镇江市高技术船舶海工装备产业链联合党委',
      });
    });

    it("Qingdao's five-axis project fills the high-end main machine segment of the machine-tool chain", async () => {
      expect(
        await one(
          "MATCH (p:Project)-[:FILLS]->(s:ChainSegment {id: 'seg:cnc-machine-tools.main-machine'}) MATCH (p)-[:LOCATED_IN]->(:Park {id: 'park:qingdao-htz'}) " +
            'RETURN p.name AS project, p.status AS status, p.amountYuan AS amount, s.name AS segment',
        ),
      ).toEqual({
        project: '高精五轴加工中心生产基地项目',
        status: 'SIGNED',
        amount: 1_000_000_000,
        segment: '高端主机',
      });
    });

    it("Pingdingshan's nylon chain: 神马 in adipic acid, 无水染色 in dyeing, and the upstream of nylon 66 salt", async () => {
      const operates = await read(
        "MATCH (e:Enterprise)-[:OPERATES_IN]->(s:ChainSegment)<-[:HAS_SEGMENT]-(:ChainType {id: 'chaintype:nylon66'}) RETURN e.name AS firm, s.name AS segment ORDER BY firm",
      );
      expect(operates).toEqual([
        { firm: '河南无水染色科技股份有限公司', segment: '染色与整理（含无水染色）' },
        { firm: '神马尼龙化工有限责任公司', segment: '己二酸' },
      ]);
      const upstream = await read(
        "MATCH (up:ChainSegment)-[:FEEDS]->+(:ChainSegment {id: 'seg:nylon66.salt'}) RETURN DISTINCT up.name AS name ORDER BY name",
      );
      expect(upstream.map((r) => r.name)).toEqual(['己二胺', '己二腈', '己二酸']);
    });
  });

  describe('full-text search over names', () => {
    const search = (text: string): Promise<Row[]> =>
      read(
        "CALL db.index.fulltext.queryNodes('name_search', $text) YIELD node, score RETURN node.id AS id, score LIMIT 5",
        { text },
      );

    it('finds a Chinese name by two of its characters', async () => {
      expect((await search('钛业'))[0]?.id).toBe('ent:baiyin-htz.dongfang-tiye');
    });

    it('finds the same enterprise by a word of its English name', async () => {
      expect((await search('titanium')).map((r) => r.id)).toContain('ent:baiyin-htz.dongfang-tiye');
    });

    it('uses the cjk analyzer', async () => {
      expect(
        await one(
          "SHOW INDEXES YIELD name, type, options WHERE name = 'name_search' RETURN type, options.indexConfig.`fulltext.analyzer` AS analyzer",
        ),
      ).toEqual({ type: 'FULLTEXT', analyzer: 'cjk' });
    });
  });
});
