/** The page's words in Chinese (first) and English, and the name of a node in the chosen language. */
import type { Lang } from './permalink.js';
import type { Named, Status } from './types.js';

const WORDS = {
  title: ['一链一图谱六清单 · 产业链图谱', 'Chain map: one chain, one map, six lists'],
  zone: ['高新区', 'Zone'],
  chain: ['产业链', 'Chain'],
  compare: ['对比', 'Compare with'],
  none: ['（无）', '(none)'],
  search: ['搜索高新区', 'Search zones'],
  overlays: ['叠加图层', 'Overlays'],
  party: ['党建链', 'Party chain'],
  talent: ['人才链', 'Talent chain'],
  innovation: ['创新链', 'Innovation chain'],
  legend: ['图例', 'Legend'],
  COVERED: ['已覆盖', 'Covered'],
  WEAK: ['薄弱', 'Weak'],
  FILLING: ['在补', 'Filling'],
  MISSING: ['缺失', 'Missing'],
  SUPPLY: ['供给缺口', 'supply gap'],
  TECHNOLOGY: ['技术缺口', 'technology gap'],
  UPSTREAM: ['上游缺口', 'upstream gap'],
  DOWNSTREAM: ['下游缺口', 'downstream gap'],
  GOVERNS: ['领导', 'governs'],
  MEMBER_OF: ['成员', 'member'],
  PAIRED_WITH: ['结对共建', 'paired with'],
  REPORTS_TO: ['隶属', 'reports to'],
  LEADS: ['牵头', 'leads'],
  OF_CHAIN_MASTER: ['链主党组织', "chain-master's Party organisation"],
  TRAINS_FOR: ['培养', 'trains'],
  APPLIES_TO: ['应用于', 'applies to'],
  DEVELOPED: ['研发', 'developed'],
  TRANSFERS_TO: ['转化至', 'transferred to'],
  SIGNED: ['签约', 'signed'],
  BUILDING: ['在建', 'building'],
  PRODUCING: ['投产', 'producing'],
  PLANNED: ['谋划', 'planned'],
  score: ['评分', 'score'],
  chainMaster: ['链主', 'chain-master'],
  project: ['项目', 'project'],
  inferred: ['推断', 'inferred'],
  segments: ['环节', 'Segments'],
  localFirms: ['本地企业', 'Local enterprises'],
  projects: ['项目', 'Projects'],
  scoreParts: ['评分构成', 'Score'],
  localScale: ['本地规模', 'local scale'],
  linkage: ['上下游衔接', 'linkage'],
  innovationPart: ['创新支撑', 'innovation'],
  candidates: ['补链候选', 'Fill candidates'],
  candidateFirms: ['外地企业', 'Enterprises elsewhere'],
  candidateProjects: ['外地在建/签约/投产项目', "Other zones' projects"],
  institutions: ['有成果的院所', 'Institutions with outcomes'],
  more: ['加载更多', 'Load more'],
  select: ['选择', 'Select'],
  enterprise: ['企业', 'Enterprise'],
  blast: ['停产影响', 'If it stopped'],
  orphaned: ['将缺失的环节', 'Segments left with no local firm'],
  hit: ['受波及的下游环节', 'Downstream segments that lose their input'],
  customers: ['失去本地供应商的客户', 'Customers left without a local supplier'],
  depth: ['上下游深度', 'Up/downstream depth'],
  upstream: ['上游', 'Upstream'],
  downstream: ['下游', 'Downstream'],
  exportPng: ['导出 PNG', 'Export PNG'],
  exportSvg: ['导出 SVG', 'Export SVG'],
  exportCsv: ['导出 CSV', 'Export CSV'],
  lists: ['六清单', 'Six lists'],
  keyEnterprises: ['重点企业清单', 'Key enterprises'],
  keyProjects: ['重点项目清单', 'Key projects'],
  platforms: ['平台与院所清单', 'Platforms and institutions'],
  demands: ['需求清单（未销号）', 'Open demands'],
  gaps: ['缺链短板清单', 'Gaps by type'],
  figures: ['报告数与统计数', 'Reported and counted figures'],
  sources: ['来源', 'Sources'],
  leaders: ['链长', 'Chain leaders'],
  noLeader: ['来源未载明链长', 'No source names a chain leader'],
  committee: ['产业链党委', 'Chain Party committee'],
  noCommittee: ['来源未载明产业链党委', 'No source names a chain Party committee'],
  overlayEmpty: ['所选图层在来源中没有记载', 'The sources record nothing for the chosen overlays'],
  error: ['出错', 'Error'],
  pickZone: ['请选择高新区与产业链', 'Pick a zone, then a chain'],
  language: ['English', '中文'],
  ide: ['GraphQL 控制台', 'GraphQL IDE'],
  apiKey: ['API 密钥', 'API key'],
  panelHint: [
    '点击地图上的环节（或下方环节列表）查看本地企业、项目、评分与补链候选。',
    'Select a segment on the map (or in the list of segments below) to see its local enterprises, projects, score and fill candidates.',
  ],
  counted: ['统计', 'counted'],
  reported: ['报告', 'reported'],
  status: ['状态', 'status'],
  evidence: ['依据', 'evidence'],
  investors: ['投资方', 'investors'],
  since: ['变化自', 'Changes since'],
  last7: ['近 7 天', 'Last 7 days'],
  last30: ['近 30 天', 'Last 30 days'],
  lastQuarter: ['近一季度', 'Last quarter'],
  diffTitle: ['变化', 'Changes'],
  diffNone: ['此期间该链图谱没有变化', 'Nothing on this chain map changed in this time'],
  gapClosed: ['补链', 'gap closed'],
  gapOpened: ['断链', 'gap opened'],
  entered: ['新进入', 'entered'],
  left: ['退出', 'left'],
  projectMoves: ['项目状态变化', 'Project status moves'],
  segmentMoves: ['环节状态变化', 'Segment status moves'],
  firmMoves: ['企业进出', 'Enterprises in and out'],
  changeCount: ['条变更', 'changes'],
  mapLabel: [
    '产业链图谱：各环节按上下游排列，颜色表示状态',
    'Chain map: segments upstream to downstream, coloured by status',
  ],
} as const;

export type Word = keyof typeof WORDS;

export const t = (word: Word, lang: Lang): string => WORDS[word][lang === 'zh' ? 0 : 1];

export const statusWord = (status: Status, lang: Lang): string => t(status, lang);

const GAP_TYPES = ['SUPPLY', 'TECHNOLOGY', 'UPSTREAM', 'DOWNSTREAM'] as const;

/** A gap type in words; an unknown one as the API gives it. */
export const gapWord = (gap: string, lang: Lang): string =>
  (GAP_TYPES as readonly string[]).includes(gap) ? t(gap as Word, lang) : gap;

const PROJECT_STATUSES = ['SIGNED', 'BUILDING', 'PRODUCING', 'PLANNED'] as const;

/** A project's status in words; a status the page does not know is shown as the API gives it. */
export function projectStatus(status: string | null | undefined, lang: Lang): string {
  if (!status) return '';
  return (PROJECT_STATUSES as readonly string[]).includes(status) ? t(status as Word, lang) : status;
}

/** Chinese first; English where the data has it. */
export function nameOf(node: Pick<Named, 'name' | 'nameEn'>, lang: Lang): string {
  return lang === 'en' && node.nameEn ? node.nameEn : node.name;
}

/** "3 家" / "3 firms", "1 firm". */
export const firms = (n: number, lang: Lang): string =>
  lang === 'zh' ? `${n} 家` : `${n} ${n === 1 ? 'firm' : 'firms'}`;
