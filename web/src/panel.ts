/** The side panel: a selected segment (its firms, projects, score and candidates) or enterprise (its reach). */
import { gql } from './api.js';
import { byId, h, sourceRefs } from './dom.js';
import { nameOf, projectStatus, statusWord, t } from './i18n.js';
import { ENTERPRISE_REACH, FILL_CANDIDATES, NODE_DETAIL, SEGMENT_FIRMS } from './operations.js';
import type { Lang } from './permalink.js';
import type { ChainMapAnswer, Named, SegmentGap } from './types.js';

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
      enterprise: Named & { parks: { id: string; name: string }[] };
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
      score: number;
      project: Named & { status: string | null };
      zone: Named | null;
      investors: Named[];
      evidence: { status: string | null; basis: string | null; note: string | null; sources: string[] };
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
    h('p', {}, `${gap.enterpriseCount} ${t('firms', lang)}`, gap.gapType ? ` · ${gap.gapType}` : ''),
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
      after = data.enterprises.pageInfo.endCursor;
      more.hidden = !data.enterprises.pageInfo.hasNextPage;
    };
    more.addEventListener('click', () => void page());
    await page();
  }
  if (gap.status !== 'COVERED') await showCandidates(chain.chain.id, gap.segment.id, panel, lang);
}

async function showCandidates(chain: string, segment: string, panel: HTMLElement, lang: Lang): Promise<void> {
  const data = await gql<Candidates>(FILL_CANDIDATES, { chain, segment });
  const c = data.fillCandidates;
  if (!c) return;
  const list = h('ul', { 'data-role': 'candidates' });
  for (const p of c.projects) {
    list.append(
      h(
        'li',
        { 'data-kind': 'project', 'data-id': p.project.id },
        h('strong', {}, nameOf(p.project, lang)),
        ` · ${projectStatus(p.project.status, lang)}`,
        p.zone ? ` · ${nameOf(p.zone, lang)}` : '',
        sourceRefs(p.project.sources, lang, p.evidence.basis === 'INFERRED'),
        h(
          'div',
          { class: 'evidence' },
          `${t('investors', lang)}: ${p.investors.map((i) => nameOf(i, lang)).join('、') || '—'}`,
          p.evidence.note ? ` · ${p.evidence.note}` : '',
        ),
      ),
    );
  }
  for (const e of c.enterprises) {
    const ev = e.evidence;
    list.append(
      h(
        'li',
        { 'data-kind': 'enterprise', 'data-id': e.enterprise.id },
        h('strong', {}, nameOf(e.enterprise, lang)),
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
  panel.append(h('h4', {}, t('candidates', lang)), list, h('h4', {}, t('institutions', lang)), institutions);
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
  panel.replaceChildren(
    h('h3', {}, t('enterprise', lang), ': ', nameOf(e, lang), sourceRefs(e.sources, lang)),
    h('h4', {}, t('blast', lang)),
    h(
      'p',
      { 'data-role': 'blast' },
      `${blast?.orphanedSegments.length ?? 0} → MISSING; ${blast?.downstreamSegments.length ?? 0} downstream; ${blast?.orphanedCustomers.length ?? 0} customers`,
    ),
    h('label', {}, `${t('depth', lang)} `, select),
    h('h4', {}, t('upstream', lang)),
    steps(reach.upstream),
    h('h4', {}, t('downstream', lang)),
    steps(reach.downstream),
  );
}

export const reachOf = (id: string, depth: number): Promise<ReachAnswer> =>
  gql<ReachAnswer>(ENTERPRISE_REACH, { id, depth });
