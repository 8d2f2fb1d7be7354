/**
 * The six lists beside the map (一链一图谱六清单), as rows with their sources, and their CSV. Pure, like
 * elements.ts: the page renders the rows, the tests check them.
 */
import { gapWord, nameOf, projectStatus, statusWord, t, type Word } from './i18n.js';
import type { Lang } from './permalink.js';
import type { ChainMapAnswer, Named, ProjectRef, SourceRef } from './types.js';

export interface ListRow {
  id: string;
  cells: string[];
  sources: SourceRef[];
  /** A link the source only implies (INFERRED) rather than states. */
  inferred?: boolean;
}

export interface List {
  key: 'enterprises' | 'projects' | 'platforms' | 'demands' | 'gaps' | 'figures';
  title: Word;
  columns: string[];
  rows: ListRow[];
}

type WithSources = Named & { sources?: SourceRef[] };

/** An organisation as the Org fragment selects it; `kind` is aliased per label, its enums differ. */
type Org = WithSources & {
  kind?: string | null;
  institutionKind?: string | null;
  platformKind?: string | null;
};

export interface ListsAnswer {
  industryChain: {
    projects: ProjectRef[];
    partners: Org[];
    teams: Org[];
    indicators: (WithSources & { value: number | null; unit: string | null; date: string | null })[];
  } | null;
  specialized: { totalCount: number; nodes: (WithSources & { specializedLevel: string | null })[] };
  highTech: { totalCount: number; nodes: WithSources[] };
  park: { institutions: (WithSources & { kind: string | null })[]; partners: Org[] } | null;
  openDemands: (WithSources & {
    category: string | null;
    state: string | null;
    foundAt: string | null;
    raisedBy: { name: string } | null;
    assignedTo: { name: string }[];
  })[];
  partyCoverage: {
    figures: {
      basis: string;
      metric: string;
      name: string;
      value: number;
      unit: string;
      date: string | null;
      indicator: { id: string; sources: SourceRef[] } | null;
    }[];
  } | null;
}

export function buildLists(map: ChainMapAnswer, lists: ListsAnswer, lang: Lang): List[] {
  const zh = lang === 'zh';
  const enterprises = new Map<string, ListRow & { flags: Set<string> }>();
  const addFirm = (firm: WithSources, flag: string): void => {
    const row = enterprises.get(firm.id) ?? {
      id: firm.id,
      cells: [],
      sources: firm.sources ?? [],
      flags: new Set<string>(),
    };
    row.flags.add(flag);
    row.cells = [nameOf(firm, lang), [...row.flags].join(' / ')];
    enterprises.set(firm.id, row);
  };
  for (const m of map.chain.chainMasters) addFirm(m, t('chainMaster', lang));
  for (const f of lists.specialized.nodes) addFirm(f, zh ? '专精特新' : 'specialised (专精特新)');
  for (const f of lists.highTech.nodes) addFirm(f, zh ? '高新技术企业' : 'high-tech (高新技术)');

  const projects = new Map<string, ListRow>();
  const addProject = (p: ProjectRef, segment: string, inferred: boolean): void => {
    const row = projects.get(p.id);
    if (row) {
      if (segment && !row.cells[2].split('、').includes(segment))
        row.cells[2] = [row.cells[2], segment].filter(Boolean).join('、');
      return;
    }
    projects.set(p.id, {
      id: p.id,
      cells: [nameOf(p, lang), projectStatus(p.status, lang), segment, p.amountText ?? ''],
      sources: p.sources ?? [],
      inferred,
    });
  };
  for (const gap of map.segments) {
    const basis = new Map(gap.segment.projects.map((l) => [l.node.id, l.basis]));
    for (const p of gap.projects) addProject(p, nameOf(gap.segment, lang), basis.get(p.id) === 'INFERRED');
  }
  for (const p of lists.industryChain?.projects ?? []) addProject(p, '', false);

  const platforms = new Map<string, ListRow>();
  const addPlatform = (n: Org): void => {
    if (platforms.has(n.id) || (n.__typename !== 'Institution' && n.__typename !== 'Platform')) return;
    platforms.set(n.id, {
      id: n.id,
      cells: [nameOf(n, lang), n.__typename, n.kind ?? n.institutionKind ?? n.platformKind ?? ''],
      sources: n.sources ?? [],
    });
  };
  for (const n of [
    ...(lists.industryChain?.partners ?? []),
    ...(lists.industryChain?.teams ?? []),
    ...(lists.park?.institutions ?? []),
    ...(lists.park?.partners ?? []),
  ])
    addPlatform(n);

  const gaps = map.segments
    .filter((g) => g.status !== 'COVERED')
    .sort(
      (a, b) =>
        (a.gapType ?? '').localeCompare(b.gapType ?? '') || (a.segment.order ?? 0) - (b.segment.order ?? 0),
    )
    .map((g) => ({
      id: g.segment.id,
      cells: [
        g.gapType ? gapWord(g.gapType, lang) : '',
        nameOf(g.segment, lang),
        statusWord(g.status, lang),
        String(g.enterpriseCount),
        String(Math.round(g.score.total)),
      ],
      sources: g.segment.sources ?? [],
    }));

  const figures: ListRow[] = [
    ...(lists.partyCoverage?.figures ?? []).map((f) => ({
      id: f.indicator?.id ?? `${f.basis}:${f.metric}`,
      cells: [
        f.name,
        f.basis === 'REPORTED' ? t('reported', lang) : t('counted', lang),
        `${f.value}`,
        f.unit,
        f.date ?? '',
      ],
      sources: f.indicator?.sources ?? [],
    })),
    // An indicator the coverage already quotes is listed once.
    ...(lists.industryChain?.indicators ?? [])
      .filter((i) => !(lists.partyCoverage?.figures ?? []).some((f) => f.indicator?.id === i.id))
      .map((i) => ({
        id: i.id,
        cells: [
          nameOf(i, lang),
          t('reported', lang),
          i.value === null ? '' : `${i.value}`,
          i.unit ?? '',
          i.date ?? '',
        ],
        sources: i.sources ?? [],
      })),
  ];

  return [
    {
      key: 'enterprises',
      title: 'keyEnterprises',
      columns: zh ? ['企业', '类别'] : ['Enterprise', 'Kind'],
      rows: [...enterprises.values()].map(({ flags: _f, ...row }) => row),
    },
    {
      key: 'projects',
      title: 'keyProjects',
      columns: zh ? ['项目', '状态', '环节', '金额'] : ['Project', 'Status', 'Segment', 'Amount'],
      rows: [...projects.values()],
    },
    {
      key: 'platforms',
      title: 'platforms',
      columns: zh ? ['名称', '类型', '类别'] : ['Name', 'Type', 'Kind'],
      rows: [...platforms.values()],
    },
    {
      key: 'demands',
      title: 'demands',
      columns: zh
        ? ['需求', '类别', '状态', '提出', '交办', '发现于']
        : ['Demand', 'Category', 'State', 'Raised by', 'Assigned to', 'Found'],
      rows: lists.openDemands.map((d) => ({
        id: d.id,
        cells: [
          nameOf(d, lang),
          d.category ?? '',
          d.state ?? '',
          d.raisedBy?.name ?? '',
          d.assignedTo.map((a) => a.name).join('、'),
          d.foundAt ?? '',
        ],
        sources: d.sources ?? [],
      })),
    },
    {
      key: 'gaps',
      title: 'gaps',
      columns: zh
        ? ['缺口类型', '环节', '状态', '本地企业', '评分']
        : ['Gap type', 'Segment', 'Status', 'Local firms', 'Score'],
      rows: gaps,
    },
    {
      key: 'figures',
      title: 'figures',
      columns: zh ? ['指标', '口径', '数值', '单位', '日期'] : ['Figure', 'Basis', 'Value', 'Unit', 'Date'],
      rows: figures,
    },
  ];
}

/** RFC 4180 CSV with the sources as a last column, and a BOM so spreadsheet programs read the Chinese. */
export function toCsv(list: List, lang: Lang): string {
  const quote = (v: string): string => {
    // A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it (OWASP's advice).
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const header = [...list.columns, t('sources', lang), 'id'];
  const lines = [
    header,
    ...list.rows.map((r) => [
      ...r.cells,
      r.sources.map((s) => `${s.name}${s.file ? ` (${s.file})` : ''}`).join('; '),
      r.id,
    ]),
  ];
  return `\uFEFF${lines.map((cells) => cells.map(quote).join(',')).join('\r\n')}\r\n`;
}
