/** Renders the six lists as tables, each with its CSV export. */
import { byId, download, h, sourceRefs } from './dom.js';
import { t } from './i18n.js';
import { toCsv, type List } from './lists.js';
import type { Lang } from './permalink.js';

export function renderLists(lists: List[], lang: Lang): void {
  byId('list-grid').replaceChildren(
    ...lists.map((list) => {
      const button = h('button', { type: 'button', 'data-csv': list.key }, t('exportCsv', lang));
      button.addEventListener('click', () =>
        download(`${list.key}.csv`, new Blob([toCsv(list, lang)], { type: 'text/csv;charset=utf-8' })),
      );
      const id = `list-${list.key}`;
      return h(
        'section',
        { class: 'list', 'aria-labelledby': id },
        h('header', {}, h('h3', { id }, `${t(list.title, lang)} (${list.rows.length})`), button),
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...list.columns.map((c) => h('th', { scope: 'col' }, c)),
              h('th', { scope: 'col' }, t('sources', lang)),
            ),
          ),
          h(
            'tbody',
            {},
            ...list.rows.map((row) =>
              h(
                'tr',
                { 'data-id': row.id },
                ...row.cells.map((c) => h('td', {}, c)),
                h('td', {}, sourceRefs(row.sources, lang, row.inferred)),
              ),
            ),
          ),
        ),
      );
    }),
  );
}
