/**
 * The view as a URL: every view of the map has a permalink, so a planner can send exactly what they
 * are looking at. Unknown parameters are dropped and malformed ones ignored rather than trusted.
 */
export const OVERLAYS = ['party', 'talent', 'innovation'] as const;
export type Overlay = (typeof OVERLAYS)[number];
export type Lang = 'zh' | 'en';

export interface View {
  zone?: string;
  chain?: string;
  segment?: string;
  enterprise?: string;
  /** Up- and downstream depth shown around a selected enterprise, 1 to 6. */
  depth: number;
  overlays: Overlay[];
  lang: Lang;
  /** A second chain of the same type, drawn beside the first. */
  compare?: string;
  /** Show what changed since: a preset (7d, 30d, quarter), a date or an ISO time. */
  since?: string;
}

/** The presets of "changes since", in days back from now. */
export const SINCE_PRESETS = { '7d': 7, '30d': 30, quarter: 91 } as const;
const SINCE = /^(7d|30d|quarter|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)$/;

/** The time a "since" stands for, as ISO text; null for none or a malformed one. */
export function sinceTime(since: string | undefined, now = Date.now()): string | null {
  if (!since || !SINCE.test(since)) return null;
  const days = (SINCE_PRESETS as Record<string, number>)[since];
  if (days !== undefined) return new Date(now - days * 86_400_000).toISOString();
  // JavaScript rolls 2026-02-30 over to March; a day the month does not have is refused instead.
  const [year, month, date] = since.slice(0, 10).split('-').map(Number);
  if (date > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  // A bare date is its local midnight, as a planner picking a day means it.
  const at = new Date(since.length === 10 ? `${since}T00:00:00` : since);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export const DEFAULT_DEPTH = 2;

// Ids are `label:slug` with the characters the data uses; anything else is not an id.
const ID = /^[a-z][a-z-]*:[\w.\-\u4e00-\u9fff]{1,200}$/;

const id = (value: string | null): string | undefined => (value && ID.test(value) ? value : undefined);

export function parseView(search: string): View {
  const q = new URLSearchParams(search);
  const depth = Number(q.get('depth'));
  const overlays = (q.get('overlays') ?? '')
    .split(',')
    .filter((o): o is Overlay => (OVERLAYS as readonly string[]).includes(o));
  return {
    zone: id(q.get('zone')),
    chain: id(q.get('chain')),
    segment: id(q.get('segment')),
    enterprise: id(q.get('enterprise')),
    depth: Number.isInteger(depth) && depth >= 1 && depth <= 6 ? depth : DEFAULT_DEPTH,
    overlays: [...new Set(overlays)],
    lang: q.get('lang') === 'en' ? 'en' : 'zh',
    compare: id(q.get('compare')),
    since: sinceTime(q.get('since') ?? undefined) ? (q.get('since') ?? undefined) : undefined,
  };
}

/** The query string of a view, in a fixed order and without defaults, so equal views have equal URLs. */
export function viewQuery(view: View): string {
  const q = new URLSearchParams();
  if (view.zone) q.set('zone', view.zone);
  if (view.chain) q.set('chain', view.chain);
  if (view.segment) q.set('segment', view.segment);
  if (view.enterprise) q.set('enterprise', view.enterprise);
  if (view.enterprise && view.depth !== DEFAULT_DEPTH) q.set('depth', String(view.depth));
  const overlays = OVERLAYS.filter((o) => view.overlays.includes(o));
  if (overlays.length > 0) q.set('overlays', overlays.join(','));
  if (view.lang !== 'zh') q.set('lang', view.lang);
  if (view.compare) q.set('compare', view.compare);
  if (view.since) q.set('since', view.since);
  const text = q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
  return text ? `?${text}` : '';
}
