/** The side panel: a selected segment (its firms, projects, score and candidates) or enterprise (its reach). */
import { gql } from './api.js';
import { byId, h, sourceRefs } from './dom.js';
import { firms as firmCount, gapWord, nameOf, projectStatus, statusWord, t } from './i18n.js';
import { ENTERPRISE_REACH, FILL_CANDIDATES, NODE_DETAIL, SEGMENT_FIRMS } from './operations.js';
import type { Lang } from './permalink.js';
import type { ChainMapAnswer, Named, SegmentGap, SourceRef } from './types.js';

type Firm = Named & {
  shortName: string | null;
  specialized: boolean | null;
  highTech: boolean | null;
  masterOf: { id: string }[];
};

interface FirmsPage {
  enterprises: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Firm[];
  };
}

interface Candidates {
  fillCandidates: {
    enterprises: {
      score: number;
      enterprise: Named & { zone: Named | null };
      evidence: {
        coversSegment: boolean;
        supplyLinks: number;
        chainMaster: boolean;
        specialized: boolean;
        highTech: boolean;
        commonNeighbours: number;
        adamicAdar: number;
        sharedPartners: Named[];
      };
    }[];
    projects: {
      project: Named & { status: string | null };
      zone: Named | null;
      investors: Named[];
      evidence: {
        status: string;
        basis: 'STATED' | 'INFERRED';
        mode: string | null;
        note: string | null;
        chainMasterInvestor: boolean;
        specializedInvestor: boolean;
        sources: SourceRef[];
      };
    }[];
    institutions: { developer: Named; outcomes: (Named & { kind: string | null })[] }[];
  } | null;
}

export interface ReachAnswer {
  enterprise: (Named & { segments: { id: string }[] }) | null;
  blastRadius: {
    orphanedSegments: { id: string }[];
    downstreamSegments: { distance: number; node: { id: string } }[];
    orphanedCustomers: Named[];
  } | null;
  upstream: { distance: number; via: string; node: Named }[] | null;
  downstream: { distance: number; via: string; node: Named }[] | null;
}

export interface PanelHooks {
  selectEnterprise(id: string): void;
  lang(): Lang;
  /** True once another selection has replaced this one: its late answers are dropped. */
  stale(): boolean;
}

const fmt = (x: number): string => (Math.round(x * 100) / 100).toString();

/** Renders the segment panel; the firms page in, ten at a time, through the public Relay connection. */
export async function showSegment(chain: ChainMapAnswer, gap: SegmentGap, hooks: PanelHooks): Promise<void> {
  const lang = hooks.lang();
  const panel = byId('panel');
  const zone = chain.chain.zone?.id;
  const firms = h('ul', { 'data-role': 'firms' });
  const more = h('button', { type: 'button', hidden: true }, t('more', lang));
  panel.replaceChildren(
    h(
      'h3',
      {},
      nameOf(gap.segment, lang),
      ' ',
      h('span', { class: `status-tag ${gap.status}` }, statusWord(gap.status, lang)),
      sourceRefs(gap.segment.sources, lang),
    ),
    h('p', {}, firmCount(gap.enterpriseCount, lang), gap.gapType ? ` · ${gapWord(gap.gapType, lang)}` : ''),
    h('h4', {}, t('scoreParts', lang)),
    h(
      'p',
      { 'data-role': 'score' },
      `${t('score', lang)} ${fmt(gap.score.total)} = 100 × (0.5 × ${t('localScale', lang)} ${fmt(gap.score.localScale)} + 0.3 × ${t('linkage', lang)} ${fmt(gap.score.linkage)} + 0.2 × ${t('innovationPart', lang)} ${fmt(gap.score.innovation)})`,
    ),
    h('h4', {}, t('localFirms', lang)),
    firms,
    more,
    h('h4', {}, t('projects', lang)),
    h(
      'ul',
      { 'data-role': 'projects' },
      ...(gap.projects.length === 0 ? [h('li', { class: 'evidence' }, '—')] : []),
      ...gap.projects.map((p) => {
        const link = gap.segment.projects.find((l) => l.node.id === p.id);
        return h(
          'li',
          {},
          nameOf(p, lang),
          ` · ${projectStatus(p.status, lang)}`,
          sourceRefs(p.sources, lang, link?.basis === 'INFERRED'),
        );
      }),
    ),
  );
  if (zone) {
    let after: string | null = null;
    const page = async (): Promise<void> => {
      const data: FirmsPage = await gql<FirmsPage>(SEGMENT_FIRMS, { zone, segment: gap.segment.id, after });
      if (hooks.stale()) return;
      for (const f of data.enterprises.nodes) {
        const flags = [
          f.masterOf.length > 0 ? `★ ${t('chainMaster', lang)}` : '',
          f.specialized ? '专精特新' : '',
          f.highTech ? '高新' : '',
        ]
          .filter(Boolean)
          .join(' ');
        const button = h(
          'button',
          { type: 'button', class: 'link', 'data-enterprise': f.id },
          nameOf(f, lang),
        );
        button.addEventListener('click', () => hooks.selectEnterprise(f.id));
        firms.append(h('li', {}, button, flags ? ` ${flags}` : '', sourceRefs(f.sources, lang)));
      }
      if (data.enterprises.totalCount === 0) firms.append(h('li', { class: 'evidence' }, '—'));
      after = data.enterprises.pageInfo.endCursor;
      more.hidden = !data.enterprises.pageInfo.hasNextPage;
    };
    more.addEventListener('click', () => void page());
    await page();
  }
  if (gap.status !== 'COVERED' && !hooks.stale())
    await showCandidates(chain.chain.id, gap.segment.id, panel, lang, hooks);
}

async function showCandidates(
  chain: string,
  segment: string,
  panel: HTMLElement,
  lang: Lang,
  hooks: Pick<PanelHooks, 'stale'>,
): Promise<void> {
  const data = await gql<Candidates>(FILL_CANDIDATES, { chain, segment });
  if (hooks.stale()) return;
  const c = data.fillCandidates;
  if (!c) return;
  const projects = h('ul', { 'data-role': 'candidates', 'data-kind': 'projects' });
  for (const p of c.projects) {
    const ev = p.evidence;
    const investorFlags = [
      ev.chainMasterInvestor ? t('chainMaster', lang) : '',
      ev.specializedInvestor ? '专精特新' : '',
    ]
      .filter(Boolean)
      .join('、');
    projects.append(
      h(
        'li',
        { 'data-kind': 'project', 'data-id': p.project.id },
        h('strong', {}, nameOf(p.project, lang)),
        ` · ${projectStatus(ev.status, lang)}`,
        p.zone ? ` · ${nameOf(p.zone, lang)}` : '',
        // The sources of the FILLS link itself: what says (or implies) that it fills this segment.
        sourceRefs(ev.sources, lang, ev.basis === 'INFERRED'),
        h(
          'div',
          { class: 'evidence' },
          `${t('investors', lang)}: ${p.investors.map((i) => nameOf(i, lang)).join('、') || '—'}`,
          investorFlags ? ` (${investorFlags})` : '',
          ev.note ? ` · ${ev.note}` : '',
        ),
      ),
    );
  }
  const firms = h('ul', { 'data-role': 'candidates', 'data-kind': 'enterprises' });
  for (const e of c.enterprises) {
    const ev = e.evidence;
    firms.append(
      h(
        'li',
        { 'data-kind': 'enterprise', 'data-id': e.enterprise.id },
        h('strong', {}, nameOf(e.enterprise, lang)),
        e.enterprise.zone ? ` · ${nameOf(e.enterprise.zone, lang)}` : '',
        ` · ${t('score', lang)} ${fmt(e.score)}`,
        sourceRefs(e.enterprise.sources, lang),
        h(
          'div',
          { class: 'evidence' },
          [
            ev.coversSegment ? 'OPERATES_IN' : '',
            ev.supplyLinks ? `SUPPLIES ×${ev.supplyLinks}` : '',
            ev.chainMaster ? t('chainMaster', lang) : '',
            ev.specialized ? '专精特新' : '',
            ev.highTech ? '高新' : '',
            ev.commonNeighbours ? `common ${ev.commonNeighbours}, Adamic-Adar ${fmt(ev.adamicAdar)}` : '',
            ev.sharedPartners.length ? `${ev.sharedPartners.map((p) => nameOf(p, lang)).join('、')}` : '',
          ]
            .filter(Boolean)
            .join(' · '),
        ),
      ),
    );
  }
  const none = (list: HTMLElement): HTMLElement =>
    list.childElementCount > 0 ? list : h('p', { class: 'evidence' }, '—');
  const institutions = h(
    'ul',
    { 'data-role': 'institutions' },
    ...c.institutions.map((i) =>
      h(
        'li',
        {},
        h('strong', {}, nameOf(i.developer, lang)),
        sourceRefs(i.developer.sources, lang),
        ': ',
        ...i.outcomes.map((o) => h('span', {}, nodeButton(o, lang), ' ')),
      ),
    ),
  );
  panel.append(
    h('h4', {}, t('candidates', lang)),
    h('h5', {}, t('candidateProjects', lang)),
    none(projects),
    h('h5', {}, t('candidateFirms', lang)),
    none(firms),
    h('h4', {}, t('institutions', lang)),
    none(institutions),
  );
}

/** A name that opens the node's own details (its sources among them) in the panel. */
export function nodeButton(node: Named, lang: Lang): HTMLElement {
  const button = h('button', { type: 'button', class: 'link', 'data-node': node.id }, nameOf(node, lang));
  button.addEventListener('click', () => void showNode(node.id, lang));
  return button;
}

/** Any node: its label, names and the articles that state it. */
export async function showNode(id: string, lang: Lang): Promise<void> {
  const data = await gql<{ node: (Named & { secretary?: string | null }) | null }>(NODE_DETAIL, { id });
  const node = data.node;
  if (!node) return;
  const panel = byId('panel');
  panel.replaceChildren(
    h('h3', {}, nameOf(node, lang), sourceRefs(node.sources, lang)),
    h('p', {}, `${node.__typename ?? ''} · ${node.id}`),
  );
  if (node.nameEn && lang === 'zh') panel.append(h('p', { lang: 'en' }, node.nameEn));
  if (node.secretary) panel.append(h('p', {}, node.secretary));
}

/** The enterprise panel: what its zone loses if it stops, and its up- and downstream. */
export function showEnterprise(
  reach: ReachAnswer,
  lang: Lang,
  depth: number,
  onDepth: (d: number) => void,
  segmentName: (id: string) => string,
): void {
  const panel = byId('panel');
  const e = reach.enterprise;
  if (!e) return;
  const select = h('select', { id: 'depth-select', 'aria-label': t('depth', lang) });
  for (let d = 1; d <= 6; d += 1)
    select.append(h('option', { value: String(d), selected: d === depth }, String(d)));
  select.addEventListener('change', () => onDepth(Number(select.value)));
  const steps = (items: { distance: number; via: string; node: Named }[] | null): HTMLElement =>
    h(
      'ul',
      {},
      ...(items ?? []).map((s) => h('li', {}, `${s.distance} · ${s.via} · `, nameOf(s.node, lang))),
    );
  const blast = reach.blastRadius;
  const named = (ids: string[]): string => ids.map((id) => segmentName(id)).join('、') || '—';
  panel.replaceChildren(
    h('h3', {}, t('enterprise', lang), ': ', nameOf(e, lang), sourceRefs(e.sources, lang)),
    h('h4', {}, t('blast', lang)),
    h(
      'ul',
      { 'data-role': 'blast' },
      h(
        'li',
        {},
        h('span', { class: 'reach orphaned' }),
        `${t('orphaned', lang)}: ${named(blast?.orphanedSegments.map((s) => s.id) ?? [])}`,
      ),
      h(
        'li',
        {},
        h('span', { class: 'reach hit' }),
        `${t('hit', lang)}: ${named(blast?.downstreamSegments.map((s) => s.node.id) ?? [])}`,
      ),
      h(
        'li',
        {},
        `${t('customers', lang)}: ${(blast?.orphanedCustomers ?? []).map((c) => nameOf(c, lang)).join('、') || '—'}`,
      ),
    ),
    h('label', {}, `${t('depth', lang)} `, select),
    h('h4', {}, h('span', { class: 'reach upstream' }), t('upstream', lang)),
    steps(reach.upstream),
    h('h4', {}, h('span', { class: 'reach upstream' }), t('downstream', lang)),
    steps(reach.downstream),
  );
}

export const reachOf = (id: string, depth: number): Promise<ReachAnswer> =>
  gql<ReachAnswer>(ENTERPRISE_REACH, { id, depth });
