/** Small DOM helpers. Data is always set as text, never as HTML, so a name cannot inject markup. */
import { t } from './i18n.js';
import type { Lang } from './permalink.js';
import type { SourceRef } from './types.js';

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

/** Every source seen on the page, numbered once, listed at the foot of the page with title, author and file. */
const seen = new Map<string, { n: number; source: SourceRef }>();

export function resetSources(): void {
  seen.clear();
  byId('source-list').replaceChildren();
}

/** Links to the articles that state an item, as numbered references to the sources list. */
export function sourceRefs(sources: SourceRef[] | undefined, lang: Lang, inferred = false): HTMLElement {
  const span = h('span', { class: 'refs' });
  if (inferred)
    span.append(h('span', { class: 'inferred', title: t('inferred', lang) }, t('inferred', lang)));
  for (const source of sources ?? []) {
    let entry = seen.get(source.id);
    if (!entry) {
      entry = { n: seen.size + 1, source };
      seen.set(source.id, entry);
      byId('source-list').append(
        h(
          'li',
          { id: `src-${entry.n}`, 'data-source': source.id },
          h('strong', {}, source.name),
          source.author ? ` · ${source.author}` : '',
          source.file ? ` · ${source.file}` : '',
          source.year ? ` · ${source.year}` : '',
        ),
      );
    }
    const title = [source.name, source.author, source.file].filter(Boolean).join(' · ');
    span.append(
      h(
        'a',
        { href: `#src-${entry.n}`, title, 'aria-label': `${t('sources', lang)} ${entry.n}: ${title}` },
        `[${entry.n}]`,
      ),
    );
  }
  return span;
}

/** Offers text as a file download through a blob: URL (the CSP allows no other host). */
export function download(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
