/**
 * The "changes since" view: chainDiff's answer as rings on the map's segments (a gap closed or opened)
 * and a panel that lists the segments, enterprises and projects that moved. The panel and the rings
 * come from the one answer, so what the panel says is what the map marks.
 */
import type { Core } from 'cytoscape';
import { h } from './dom.js';
import { nameOf, projectStatus, statusWord, t } from './i18n.js';
import type { Lang } from './permalink.js';
import type { ChainDiffAnswer, Status } from './types.js';

export const DIFF_CLASSES = 'diff-closed diff-opened';

/** The ring each segment of the diff gets: its id and class. */
export const diffMarks = (diff: ChainDiffAnswer): [string, string][] =>
  diff.segments.map((s) => [s.segment.id, s.move === 'CLOSED' ? 'diff-closed' : 'diff-opened']);

/** Puts the rings on the map, taking off those of an earlier diff. */
export function markDiff(cy: Core, diff: ChainDiffAnswer | null): void {
  cy.nodes().removeClass(DIFF_CLASSES);
  for (const [id, mark] of diff ? diffMarks(diff) : []) cy.getElementById(id).addClass(mark);
}

const status = (s: Status | null, lang: Lang): string => (s ? statusWord(s, lang) : '—');
const day = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/** The diff panel's content. */
export function diffPanel(diff: ChainDiffAnswer, lang: Lang): HTMLElement[] {
  const head = h(
    'h3',
    {},
    `${t('diffTitle', lang)} ${day(diff.from)} → ${day(diff.to)} · ${diff.changes.length} ${t('changeCount', lang)}`,
  );
  if (diff.segments.length + diff.enterprises.length + diff.projects.length === 0)
    return [head, h('p', { 'data-role': 'no-diff' }, t('diffNone', lang))];
  const section = (title: string, items: HTMLElement[]): HTMLElement[] =>
    items.length === 0 ? [] : [h('h4', {}, title), h('ul', {}, ...items)];
  return [
    head,
    ...section(
      t('segmentMoves', lang),
      diff.segments.map((s) =>
        h(
          'li',
          {
            'data-segment': s.segment.id,
            'data-move': s.move,
            class: s.move === 'CLOSED' ? 'closed' : 'opened',
          },
          `${s.move === 'CLOSED' ? '▲' : '▼'} ${nameOf(s.segment, lang)}: ${status(s.from, lang)} → ${status(s.to, lang)} (${t(s.move === 'CLOSED' ? 'gapClosed' : 'gapOpened', lang)})`,
        ),
      ),
    ),
    ...section(
      t('firmMoves', lang),
      diff.enterprises.map((e) =>
        h(
          'li',
          { 'data-enterprise': e.enterprise.id, 'data-segment': e.segment.id, 'data-move': e.move },
          `${e.move === 'ENTERED' ? '+' : '−'} ${nameOf(e.enterprise, lang)} · ${nameOf(e.segment, lang)} (${t(e.move === 'ENTERED' ? 'entered' : 'left', lang)})`,
        ),
      ),
    ),
    ...section(
      t('projectMoves', lang),
      diff.projects.map((p) =>
        h(
          'li',
          { 'data-project': p.project.id },
          `${nameOf(p.project, lang)}: ${projectStatus(p.from, lang) || '—'} → ${projectStatus(p.to, lang) || '—'}`,
        ),
      ),
    ),
  ];
}
