/**
 * The map page's pure parts: API answers to drawn elements (web/src/elements.ts), the six lists and
 * their CSV (web/src/lists.ts), and the permalink (web/src/permalink.ts).
 */
import type { ElementDefinition } from 'cytoscape';
import {
  innovationElements,
  mapElements,
  partyElements,
  reachClasses,
  talentElements,
} from '../../web/src/elements';
import { buildLists, toCsv, type ListsAnswer } from '../../web/src/lists';
import { parseView, sinceTime, viewQuery } from '../../web/src/permalink';
import type { ChainMapAnswer, SegmentGap, Status } from '../../web/src/types';

const src = { id: 'source:a', name: '文章甲', author: '作者', file: 'a.txt', year: 2025, kind: 'ARTICLE' };

function gap(
  id: string,
  status: Status,
  count: number,
  projects: SegmentGap['projects'] = [],
  basis: string | null = null,
): SegmentGap {
  return {
    segment: {
      id,
      name: `环节${id}`,
      nameEn: `Segment ${id}`,
      stage: 'MIDSTREAM',
      order: Number(id.replace(/\D/g, '')),
      sources: [src],
      projects: projects.map((p) => ({ basis, note: null, sources: [], node: { id: p.id } })),
    },
    status,
    gapType: status === 'COVERED' ? null : 'SUPPLY',
    enterpriseCount: count,
    score: { total: 41.67, localScale: 0.33, linkage: 0.5, innovation: 0 },
    projects,
  };
}

const answer: ChainMapAnswer = {
  covered: 1,
  weak: 1,
  filling: 1,
  missing: 0,
  chain: {
    id: 'chain:z.c',
    name: '链',
    nameEn: 'Chain',
    note: null,
    sources: [src],
    zone: { id: 'park:z', name: '区' },
    chainType: {
      id: 'chaintype:c',
      name: '类型',
      segments: [
        { id: 'seg:s1', feeds: [{ id: 'seg:s2' }] },
        { id: 'seg:s2', feeds: [{ id: 'seg:s3' }, { id: 'seg:elsewhere' }] },
        { id: 'seg:s3', feeds: [] },
      ],
      chains: [],
    },
    chainMasters: [
      { id: 'ent:m', name: '链主企业', shortName: '链主', segments: [{ id: 'seg:s1' }], sources: [src] },
    ],
    leaders: [],
    leadersNamed: false,
    committee: null,
  },
  segments: [
    gap('seg:s1', 'COVERED', 3),
    gap('seg:s2', 'WEAK', 1),
    gap(
      'seg:s3',
      'FILLING',
      0,
      [{ id: 'project:p', name: '项目', status: 'SIGNED', sources: [src] }],
      'INFERRED',
    ),
  ],
};

const byKind = (elements: ElementDefinition[], kind: string): ElementDefinition[] =>
  elements.filter((e) => e.data.kind === kind);

/** An element's data, typed as what it is: cytoscape types it as `any` per key. */
const data = (e: ElementDefinition): Record<string, unknown> => e.data;

describe('mapElements', () => {
  const elements = mapElements(answer, 'zh');

  it('draws one node per segment with the status the API gave, and its count and score in the label', () => {
    const segments = byKind(elements, 'segment');
    expect(segments.map((e) => [data(e).id, data(e).status, data(e).count])).toEqual([
      ['seg:s1', 'COVERED', 3],
      ['seg:s2', 'WEAK', 1],
      ['seg:s3', 'FILLING', 0],
    ]);
    expect(segments[1].data.label).toBe('环节seg:s2\n薄弱 · 1 家 · 评分 42');
    expect(segments[1].classes).toBe('segment WEAK');
  });

  it('marks the segments a chain-master works in', () => {
    const [s1] = byKind(elements, 'segment');
    expect(s1.classes).toBe('segment COVERED master');
    expect(s1.data.masters).toEqual(['ent:m']);
    expect(String(s1.data.label)).toContain('★ 链主');
  });

  it('draws FEEDS only between segments of the map, upstream to downstream', () => {
    expect(byKind(elements, 'feeds').map((e) => [data(e).source, data(e).target])).toEqual([
      ['seg:s1', 'seg:s2'],
      ['seg:s2', 'seg:s3'],
    ]);
  });

  it('hangs each project on its segment, its status written and an inferred link marked', () => {
    const [project] = byKind(elements, 'project');
    expect(project.data).toMatchObject({
      id: 'project:p@seg:s3',
      entity: 'project:p',
      anchor: 'seg:s3',
      status: 'SIGNED',
    });
    expect(project.data.label).toBe('项目\n签约 · 推断');
    const [fills] = byKind(elements, 'fills');
    expect(fills.data).toMatchObject({ source: 'project:p@seg:s3', target: 'seg:s3' });
    expect(fills.classes).toBe('fills inferred');
  });

  it('uses English names where the data has them', () => {
    const en = byKind(mapElements(answer, 'en'), 'segment');
    expect(en[0].data.label).toBe('Segment seg:s1\nCovered · 3 firms · score 42\n★ chain-master');
  });

  it('never draws firms: the element count follows segments and projects, not enterprise counts', () => {
    const big: ChainMapAnswer = {
      ...answer,
      segments: answer.segments.map((g) => ({ ...g, enterpriseCount: 100_000 })),
    };
    expect(mapElements(big, 'zh')).toHaveLength(elements.length);
  });
});

describe('overlays', () => {
  const onMap = new Set(['seg:s1', 'seg:s2', 'seg:s3', 'chain:z.c']);

  it('draws the Party chain around the committee, once per node, joined to the chain and the chain-master segments', () => {
    const elements = partyElements(
      {
        committee: {
          id: 'org:jc',
          name: '联合党委',
          kind: 'JOINT_COMMITTEE',
          secretary: null,
          members: [
            { id: 'org:b1', name: '支部一' },
            { id: 'org:b1', name: '支部一' },
          ],
          pairedWith: [{ id: 'org:pair', name: '结对党委' }],
          reportsTo: { id: 'org:work', name: '工委' },
          leaders: [{ id: 'gov:lead', name: '牵头部门' }],
        },
        chainMasters: [
          { id: 'ent:m', name: '链主企业', partyOrganizations: [{ id: 'org:mb', name: '链主党支部' }] },
        ],
      },
      answer,
      'zh',
      onMap,
    );
    const nodes = elements.filter((e) => e.group === 'nodes').map((e) => data(e).entity);
    expect(nodes).toEqual(['org:jc', 'org:b1', 'org:pair', 'org:work', 'gov:lead', 'org:mb']);
    const edges = elements
      .filter((e) => e.group === 'edges')
      .map((e) => `${e.data.source} ${e.data.via} ${e.data.target}`);
    expect(edges).toEqual([
      'party:org:jc GOVERNS chain:z.c',
      'party:org:b1 MEMBER_OF party:org:jc',
      'party:org:jc PAIRED_WITH party:org:pair',
      'party:org:jc REPORTS_TO party:org:work',
      'party:gov:lead LEADS party:org:jc',
      'party:org:mb OF_CHAIN_MASTER seg:s1',
    ]);
    expect(elements.every((e) => e.data.overlay === 'party')).toBe(true);
  });

  it('labels talent links with their counts and programmes', () => {
    const elements = talentElements(
      [
        {
          count: 120,
          unit: '人',
          programme: '订单班',
          sources: [],
          from: { id: 'inst:u', name: '大学' },
          to: { id: 'chain:z.c', name: '链' },
        },
      ],
      'zh',
      onMap,
    );
    // The institution is drawn; the chain is already on the map (its hub node), so it is joined.
    expect(elements.filter((e) => e.group === 'nodes').map((e) => data(e).entity)).toEqual(['inst:u']);
    expect(elements.find((e) => e.group === 'edges')?.data).toMatchObject({
      source: 'talent:inst:u',
      target: 'chain:z.c',
      label: '培养 · 120人 · 订单班',
    });
  });

  it('puts outcomes on the segments they apply to, with who developed them and where they went', () => {
    const elements = innovationElements(
      [
        {
          id: 'outcome:o',
          name: '成果',
          kind: null,
          developers: [{ id: 'inst:u', name: '大学' }],
          transferredTo: [{ id: 'ent:t', name: '承接企业' }],
          appliesTo: [{ id: 'seg:s2' }, { id: 'seg:other' }],
        },
      ],
      'zh',
      onMap,
    );
    expect(
      elements
        .filter((e) => e.group === 'edges')
        .map((e) => `${e.data.source} ${e.data.via} ${e.data.target}`),
    ).toEqual([
      'innovation:outcome:o APPLIES_TO seg:s2',
      'innovation:inst:u DEVELOPED innovation:outcome:o',
      'innovation:outcome:o TRANSFERS_TO innovation:ent:t',
    ]);
  });
});

describe('reachClasses', () => {
  it('lights own, orphaned, downstream-hit, upstream and downstream segments', () => {
    const classes = reachClasses(
      {
        orphanedSegments: ['seg:s1'],
        downstreamSegments: ['seg:s2'],
        upstream: [{ id: 'seg:s0', distance: 1 }],
        downstream: [{ id: 'seg:s2', distance: 1 }],
      },
      ['seg:s1'],
    );
    expect(Object.fromEntries(classes)).toEqual({
      'seg:s1': ['own', 'orphaned'],
      'seg:s2': ['hit', 'downstream'],
      'seg:s0': ['upstream'],
    });
  });
});

describe('the six lists', () => {
  const lists: ListsAnswer = {
    industryChain: {
      projects: [{ id: 'project:p', name: '项目', status: 'SIGNED', sources: [src] }],
      partners: [
        { __typename: 'Institution', id: 'inst:u', name: '大学' },
        { __typename: 'Enterprise', id: 'ent:x', name: '企业' },
      ],
      teams: [],
      indicators: [{ id: 'ind:1', name: '产值', value: 12, unit: '亿元', date: '2024', sources: [src] }],
    },
    specialized: {
      totalCount: 1,
      nodes: [{ id: 'ent:m', name: '链主企业', specializedLevel: null, sources: [src] }],
    },
    highTech: { totalCount: 1, nodes: [{ id: 'ent:h', name: '高新企业', sources: [] }] },
    park: {
      institutions: [{ __typename: 'Institution', id: 'inst:u', name: '大学', kind: 'UNIVERSITY' }],
      partners: [],
    },
    openDemands: [
      {
        id: 'demand:d',
        name: '融资需求',
        category: 'FINANCING',
        state: 'ASSIGNED',
        foundAt: '2024-05-01',
        raisedBy: { name: '企业' },
        assignedTo: [{ name: '服务专班' }],
        sources: [src],
      },
    ],
    partyCoverage: {
      figures: [
        {
          basis: 'REPORTED',
          metric: 'm',
          name: '党组织覆盖',
          value: 12,
          unit: '个',
          date: null,
          indicator: { id: 'ind:1', sources: [src] },
        },
        {
          basis: 'COUNTED',
          metric: 'm',
          name: '党组织覆盖',
          value: 3,
          unit: '个',
          date: null,
          indicator: null,
        },
      ],
    },
  };
  const built = buildLists(answer, lists, 'zh');
  const list = (key: string) => built.find((l) => l.key === key)!;

  it('are the six, in the order of 一链一图谱六清单', () => {
    expect(built.map((l) => l.key)).toEqual([
      'enterprises',
      'projects',
      'platforms',
      'demands',
      'gaps',
      'figures',
    ]);
  });

  it('merge a firm that is chain-master and 专精特新 into one row with both', () => {
    expect(list('enterprises').rows.map((r) => [r.id, r.cells[1]])).toEqual([
      ['ent:m', '链主 / 专精特新'],
      ['ent:h', '高新技术企业'],
    ]);
  });

  it('list a project once with the segments it fills, its inferred link marked', () => {
    expect(list('projects').rows).toEqual([
      { id: 'project:p', cells: ['项目', '签约', '环节seg:s3', ''], sources: [src], inferred: true },
    ]);
  });

  it('keep institutions and platforms only, once each', () => {
    expect(list('platforms').rows.map((r) => r.id)).toEqual(['inst:u']);
  });

  it('list the gaps by type, and reported figures beside counted ones, an indicator once', () => {
    expect(list('gaps').rows.map((r) => r.id)).toEqual(['seg:s2', 'seg:s3']);
    expect(list('figures').rows.map((r) => r.cells.slice(0, 3))).toEqual([
      ['党组织覆盖', '报告', '12'],
      ['党组织覆盖', '统计', '3'],
    ]);
  });

  it('export as CSV with a BOM, quoted cells, sources, and formula-looking cells defused', () => {
    const csv = toCsv(
      {
        key: 'demands',
        title: 'demands',
        columns: ['需求', '说明'],
        rows: [{ id: 'demand:d', cells: ['=HYPERLINK("x")', '甲,乙'], sources: [src] }],
      },
      'zh',
    );
    expect(csv).toBe('\uFEFF需求,说明,来源,id\r\n"\'=HYPERLINK(""x"")","甲,乙",文章甲 (a.txt),demand:d\r\n');
  });
});

describe('the permalink', () => {
  it('round-trips a full view', () => {
    const query =
      '?zone=park:z&chain=chain:z.c&enterprise=ent:e&depth=4&overlays=party,innovation&lang=en&compare=chain:y.c&since=30d';
    expect(viewQuery(parseView(query))).toBe(query);
  });

  it('drops what is malformed instead of trusting it', () => {
    const view = parseView(
      '?zone=<script>&depth=99&overlays=party,evil,party&lang=fr&chain=chain:z.c&since=2026-13-45x',
    );
    expect(view).toEqual({
      zone: undefined,
      chain: 'chain:z.c',
      segment: undefined,
      enterprise: undefined,
      depth: 2,
      overlays: ['party'],
      lang: 'zh',
      compare: undefined,
      since: undefined,
    });
    expect(viewQuery(view)).toBe('?chain=chain:z.c&overlays=party');
  });

  it('reads "changes since" as a preset, a date or an ISO time', () => {
    const now = Date.parse('2026-03-31T12:00:00Z');
    expect(sinceTime('7d', now)).toBe('2026-03-24T12:00:00.000Z');
    expect(sinceTime('quarter', now)).toBe(new Date(now - 91 * 86_400_000).toISOString());
    expect(sinceTime('2026-01-06T08:00:00.123Z', now)).toBe('2026-01-06T08:00:00.123Z');
    expect(sinceTime('2026-01-06', now)).toBe(new Date('2026-01-06T00:00:00').toISOString());
    expect([
      sinceTime('yesterday', now),
      sinceTime('2026-02-30T00:00Z', now),
      sinceTime(undefined, now),
    ]).toEqual([null, null, null]);
  });

  it('is empty for the default view', () => {
    expect(viewQuery(parseView(''))).toBe('');
  });
});
