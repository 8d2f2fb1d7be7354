/**
 * Turns API answers into the elements cytoscape draws. Pure: no DOM, no cytoscape instance, so the
 * mapping is unit-tested (tests/unit/map-elements.test.ts). The map draws segments, their counts and
 * the projects on them, never the firms behind a count, so its size does not grow with the zone.
 */
import type { ElementDefinition } from 'cytoscape';
import { firms, nameOf, projectStatus, statusWord, t } from './i18n.js';
import type { Lang, Overlay } from './permalink.js';
import type {
  ChainMapAnswer,
  InnovationOutcome,
  Named,
  PartyOverlayAnswer,
  Reach,
  TalentStep,
} from './types.js';

export type Kind = 'segment' | 'project' | 'chain' | Overlay;

const short = (text: string, max = 14): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The chain-masters that work in each segment. */
function mastersBySegment(answer: ChainMapAnswer): Map<string, Named[]> {
  const bySegment = new Map<string, Named[]>();
  for (const master of answer.chain.chainMasters)
    for (const s of master.segments) bySegment.set(s.id, [...(bySegment.get(s.id) ?? []), master]);
  return bySegment;
}

/** The label drawn on a segment: its name, status in words, local firm count and score. */
export function segmentLabel(gap: ChainMapAnswer['segments'][number], masters: number, lang: Lang): string {
  const lines = [
    nameOf(gap.segment, lang),
    `${statusWord(gap.status, lang)} · ${firms(gap.enterpriseCount, lang)} · ${t('score', lang)} ${Math.round(gap.score.total)}`,
  ];
  if (masters > 0) lines.push(`★ ${t('chainMaster', lang)}${masters > 1 ? ` ×${masters}` : ''}`);
  return lines.join('\n');
}

/** Segments in flow order with the FEEDS between them, and the projects on each segment. */
export function mapElements(answer: ChainMapAnswer, lang: Lang): ElementDefinition[] {
  const masters = mastersBySegment(answer);
  const present = new Set(answer.segments.map((g) => g.segment.id));
  const elements: ElementDefinition[] = [];
  for (const gap of answer.segments) {
    const id = gap.segment.id;
    const onIt = masters.get(id) ?? [];
    elements.push({
      group: 'nodes',
      data: {
        id,
        kind: 'segment',
        status: gap.status,
        gapType: gap.gapType,
        count: gap.enterpriseCount,
        score: gap.score.total,
        order: gap.segment.order,
        stage: gap.segment.stage,
        masters: onIt.map((m) => m.id),
        label: segmentLabel(gap, onIt.length, lang),
      },
      classes: ['segment', gap.status, onIt.length > 0 ? 'master' : ''].filter(Boolean).join(' '),
    });
    const links = new Map(gap.segment.projects.map((l) => [l.node.id, l]));
    for (const project of gap.projects) {
      const inferred = links.get(project.id)?.basis === 'INFERRED';
      const nodeId = `${project.id}@${id}`;
      elements.push({
        group: 'nodes',
        data: {
          id: nodeId,
          kind: 'project',
          entity: project.id,
          anchor: id,
          status: project.status,
          label: `${short(nameOf(project, lang), 11)}\n${projectStatus(project.status, lang)}${inferred ? ` · ${t('inferred', lang)}` : ''}`,
        },
        classes: `project ${project.status ?? 'UNKNOWN'}`,
      });
      elements.push({
        group: 'edges',
        data: { id: `fills:${nodeId}`, source: nodeId, target: id, kind: 'fills' },
        classes: inferred ? 'fills inferred' : 'fills',
      });
    }
  }
  for (const s of answer.chain.chainType?.segments ?? []) {
    for (const next of s.feeds) {
      if (!present.has(s.id) || !present.has(next.id)) continue;
      elements.push({
        group: 'edges',
        data: { id: `feeds:${s.id}>${next.id}`, source: s.id, target: next.id, kind: 'feeds' },
        classes: 'feeds',
      });
    }
  }
  return elements;
}

/** The relationships overlays draw, each labelled in words (i18n.ts). */
type Via =
  | 'GOVERNS'
  | 'MEMBER_OF'
  | 'PAIRED_WITH'
  | 'REPORTS_TO'
  | 'LEADS'
  | 'OF_CHAIN_MASTER'
  | 'TRAINS_FOR'
  | 'APPLIES_TO'
  | 'DEVELOPED'
  | 'TRANSFERS_TO';

/** Collects overlay nodes and edges once each, whichever answer names them first. */
class OverlayBuilder {
  readonly elements: ElementDefinition[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly overlay: Overlay,
    private readonly lang: Lang,
    private readonly onMap: ReadonlySet<string>,
  ) {}

  node(n: Named, extra: Record<string, unknown> = {}): string {
    // A node already drawn (a segment, the chain) is joined, not drawn again.
    if (this.onMap.has(n.id)) return n.id;
    const id = `${this.overlay}:${n.id}`;
    if (!this.seen.has(id)) {
      this.seen.add(id);
      this.elements.push({
        group: 'nodes',
        data: {
          id,
          kind: this.overlay,
          overlay: this.overlay,
          entity: n.id,
          type: n.__typename,
          label: short(nameOf(n, this.lang), 16),
          ...extra,
        },
        classes: `overlay ${this.overlay}`,
      });
    }
    return id;
  }

  edge(source: string, target: string, via: Via, detail = ''): void {
    const id = `${this.overlay}:${via}:${source}>${target}`;
    if (this.seen.has(id) || source === target) return;
    this.seen.add(id);
    const label = [t(via, this.lang), detail].filter(Boolean).join(' · ');
    this.elements.push({
      group: 'edges',
      data: { id, source, target, kind: this.overlay, overlay: this.overlay, via, label },
      classes: `overlay ${this.overlay}`,
    });
  }
}

/** The chain itself as a node, the hub overlays hang from when they point at the chain. */
export function chainNode(answer: ChainMapAnswer, lang: Lang): ElementDefinition {
  return {
    group: 'nodes',
    data: { id: answer.chain.id, kind: 'chain', label: nameOf(answer.chain, lang) },
    classes: 'chain',
  };
}

/** The Party chain: the committee, its members, the committee it pairs with, whom it reports to, its leading body, and the chain-masters' own organisations on their segments. */
export function partyElements(
  answer: PartyOverlayAnswer,
  chain: ChainMapAnswer,
  lang: Lang,
  onMap: ReadonlySet<string>,
): ElementDefinition[] {
  const b = new OverlayBuilder('party', lang, onMap);
  const committee = answer.committee;
  if (committee) {
    const c = b.node(committee, { role: 'committee' });
    b.edge(c, chain.chain.id, 'GOVERNS');
    for (const m of committee.members) b.edge(b.node(m), c, 'MEMBER_OF');
    for (const p of committee.pairedWith) b.edge(c, b.node(p), 'PAIRED_WITH');
    if (committee.reportsTo) b.edge(c, b.node(committee.reportsTo), 'REPORTS_TO');
    for (const l of committee.leaders) b.edge(b.node(l), c, 'LEADS');
  }
  const segmentsOf = new Map(chain.chain.chainMasters.map((m) => [m.id, m.segments.map((s) => s.id)]));
  for (const master of answer.chainMasters) {
    for (const org of master.partyOrganizations) {
      const o = b.node(org, { role: 'chain-master' });
      for (const s of segmentsOf.get(master.id) ?? []) if (onMap.has(s)) b.edge(o, s, 'OF_CHAIN_MASTER');
    }
  }
  return b.elements;
}

/** The talent chain: who trains for the chain (or its zone or firms), with counts and programmes. */
export function talentElements(
  steps: TalentStep[],
  lang: Lang,
  onMap: ReadonlySet<string>,
): ElementDefinition[] {
  const b = new OverlayBuilder('talent', lang, onMap);
  for (const step of steps) {
    const count = step.count === null ? '' : `${step.count}${step.unit ?? ''}`;
    b.edge(
      b.node(step.from),
      b.node(step.to),
      'TRAINS_FOR',
      [count, step.programme ?? ''].filter(Boolean).join(' · '),
    );
  }
  return b.elements;
}

/** The innovation chain: outcomes on the segments they apply to, who developed them, where they went. */
export function innovationElements(
  outcomes: InnovationOutcome[],
  lang: Lang,
  onMap: ReadonlySet<string>,
): ElementDefinition[] {
  const b = new OverlayBuilder('innovation', lang, onMap);
  for (const outcome of outcomes) {
    const o = b.node(outcome, { role: 'outcome' });
    for (const target of outcome.appliesTo) if (onMap.has(target.id)) b.edge(o, target.id, 'APPLIES_TO');
    for (const d of outcome.developers) b.edge(b.node(d), o, 'DEVELOPED');
    for (const e of outcome.transferredTo) b.edge(o, b.node(e), 'TRANSFERS_TO');
  }
  return b.elements;
}

/** The classes that light an enterprise's reach: its own segments, what it alone covers, what is downstream of that, and its up- and downstream. */
export function reachClasses(reach: Reach, own: string[]): Map<string, string[]> {
  const classes = new Map<string, string[]>();
  const add = (id: string, c: string): void => {
    classes.set(id, [...(classes.get(id) ?? []), c]);
  };
  for (const id of own) add(id, 'own');
  for (const id of reach.orphanedSegments) add(id, 'orphaned');
  for (const id of reach.downstreamSegments) add(id, 'hit');
  for (const s of reach.upstream) add(s.id, 'upstream');
  for (const s of reach.downstream) add(s.id, 'downstream');
  return classes;
}
