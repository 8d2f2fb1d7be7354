/**
 * The chain map page: reads the view from the URL, asks the public API for what it needs, draws it, and
 * writes every change of view back to the URL (a permalink). `window.chainMap` exposes the cytoscape
 * instances and `<html data-map-state>` says when the map is drawn, for tests and for embedding.
 */
import type { Core } from 'cytoscape';
import { ApiError, apiKey, gql } from './api.js';
import { byId, download, h, resetSources, sourceRefs } from './dom.js';
import { diffPanel, markDiff } from './diff-view.js';
import { createMap, draw, pngOf, svgOf } from './draw.js';
import {
  chainNode,
  innovationElements,
  mapElements,
  partyElements,
  reachClasses,
  talentElements,
} from './elements.js';
import { firms, nameOf, statusWord, t, type Word } from './i18n.js';
import { buildLists, type ListsAnswer } from './lists.js';
import { renderLists } from './lists-view.js';
import {
  CHAIN_DIFF,
  CHAIN_LISTS,
  CHAIN_MAP,
  INNOVATION_OVERLAY,
  KEY_FIRMS,
  PARTY_OVERLAY,
  TALENT_OVERLAY,
  ZONE_CHAINS,
  ZONE_SEARCH,
  ZONES,
} from './operations.js';
import { reachOf, showEnterprise, showNode, showSegment } from './panel.js';
import {
  OVERLAYS,
  parseView,
  SINCE_PRESETS,
  sinceTime,
  viewQuery,
  type Overlay,
  type View,
} from './permalink.js';
import { mapStyle, OVERLAY_COLOURS, STATUS_COLOURS } from './style.js';
import type {
  ChainDiffAnswer,
  ChainMapAnswer,
  InnovationOutcome,
  Named,
  PartyOverlayAnswer,
  Status,
  TalentStep,
} from './types.js';

let view: View = parseView(location.search);
let current: ChainMapAnswer | null = null;
/** The diff the map marks, kept so a redraw (an overlay, the language) marks it again. */
let shownDiff: ChainDiffAnswer | null = null;
const cy: Core = createMap(byId('map'), '', view.lang);
let compareCy: Core | null = null;
(window as unknown as { chainMap: object }).chainMap = {
  cy,
  get compareCy() {
    return compareCy;
  },
  get view() {
    return view;
  },
};

const lang = (): View['lang'] => view.lang;
const setState = (state: 'loading' | 'ready' | 'error'): void => {
  document.documentElement.dataset.mapState = state;
  // A User Timing mark per drawn map, so a benchmark reads time to first map from the browser's own clock.
  if (state === 'ready' && current)
    performance.mark('chain-map-drawn', { detail: { chain: current.chain.id } });
};
const say = (text: string, error = false): void => {
  const status = byId('status');
  status.textContent = text;
  status.classList.toggle('error', error);
};

function writeUrl(push = false): void {
  const url = `${location.pathname}${viewQuery(view)}`;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

const codeOf = (error: unknown): string => (error instanceof ApiError ? error.code : 'PAGE_ERROR');

/** "出错 [CODE]: message", as the status line and the lists show a failure. */
const errorText = (error: unknown): string =>
  `${t('error', lang())} [${codeOf(error)}]: ${error instanceof Error ? error.message : String(error)}`;

function fail(error: unknown): void {
  setState('error');
  if (codeOf(error) === 'UNAUTHENTICATED') byId('key-field').hidden = false;
  say(errorText(error), true);
}

function translateStatic(): void {
  const l = lang();
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll<HTMLElement>('[data-word]'))
    el.textContent = t(el.dataset.word as Word, l);
  byId('title').textContent = t('title', l);
  byId('lang-toggle').textContent = t('language', l);
  byId('lang-toggle').setAttribute('lang', l === 'zh' ? 'en' : 'zh');
  byId('map').setAttribute('aria-label', t('mapLabel', l));
  cy.style(mapStyle(l));
  compareCy?.style(mapStyle(l));
  byId('legend').replaceChildren(
    h('strong', {}, `${t('legend', l)}:`),
    ...(Object.keys(STATUS_COLOURS) as Status[]).map((s) =>
      h(
        'span',
        {},
        coloured(h('span', { class: 'swatch' }), 'background', STATUS_COLOURS[s]),
        statusWord(s, l),
      ),
    ),
    h('span', {}, `★ ${t('chainMaster', l)}`),
    h('span', {}, `▭ ${t('project', l)}`),
    h('span', {}, `┄ ${t('inferred', l)}`),
    ...OVERLAYS.map((o) => coloured(h('span', {}, `━ ${t(o, l)}`), 'color', OVERLAY_COLOURS[o])),
  );
}

/** Colours from the map's own palette (style.ts), rather than a stylesheet rule per status repeating it. */
function coloured(el: HTMLElement, property: 'background' | 'color', colour: string): HTMLElement {
  el.style[property] = colour;
  return el;
}

async function loadZones(): Promise<void> {
  const select = byId<HTMLSelectElement>('zone-select');
  const zones: Named[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { parks: { nodes: Named[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
      await gql(ZONES, { after });
    zones.push(...data.parks.nodes);
    if (!data.parks.pageInfo.hasNextPage || zones.length >= 2000) break;
    after = data.parks.pageInfo.endCursor;
  }
  select.replaceChildren(
    h('option', { value: '' }, t('pickZone', lang())),
    ...zones.map((z) => h('option', { value: z.id, selected: z.id === view.zone }, nameOf(z, lang()))),
  );
}

async function searchZones(text: string): Promise<void> {
  if (text.trim().length < 2) return;
  const data = await gql<{ search: { node: Named & { kind?: string } }[] }>(ZONE_SEARCH, { text });
  const hits = data.search.map((s) => s.node).filter((n) => n.__typename === 'Park' && n.kind === 'ZONE');
  const select = byId<HTMLSelectElement>('zone-select');
  for (const option of select.options)
    option.hidden = option.value !== '' && !hits.some((z) => z.id === option.value);
  if (hits.length === 1) await pickZone(hits[0].id);
}

async function pickZone(zone: string | undefined): Promise<void> {
  view = { ...view, zone, chain: undefined, segment: undefined, enterprise: undefined, compare: undefined };
  byId<HTMLSelectElement>('zone-select').value = zone ?? '';
  writeUrl(true);
  await loadChains();
}

/**
 * Loads overlap (a planner types a search, then picks from the list before it answers): each load takes a
 * number, and an answer whose load is no longer the latest is dropped rather than drawn over the newer one.
 */
const latest = { chains: 0, map: 0, panel: 0, diff: 0 };

async function loadChains(): Promise<void> {
  const me = ++latest.chains;
  const select = byId<HTMLSelectElement>('chain-select');
  select.replaceChildren(h('option', { value: '' }, '—'));
  if (!view.zone) return;
  // With a chain in the URL its map loads beside the zone's list of chains, not after it.
  const map = view.chain ? loadChain() : undefined;
  const data = await gql<{ park: { chains: Named[] } | null }>(ZONE_CHAINS, { zone: view.zone });
  if (me !== latest.chains) return;
  const chains = data.park?.chains ?? [];
  fillChains(chains);
  if (map) {
    await map;
    return;
  }
  if (chains.length === 1) {
    view.chain = chains[0].id;
    writeUrl();
  }
  select.value = view.chain ?? '';
  await loadChain();
}

async function loadChain(): Promise<void> {
  if (!view.chain) {
    setState('ready');
    say(t('pickZone', lang()));
    return;
  }
  const me = ++latest.map;
  setState('loading');
  say('');
  resetSources();
  byId('panel').replaceChildren(h('p', {}, t('panelHint', lang())));
  const data = await gql<{ chainSnapshot: ChainMapAnswer | null }>(CHAIN_MAP, { chain: view.chain });
  if (me !== latest.map) return;
  if (!data.chainSnapshot) throw new ApiError(`no chain ${view.chain}`, 'NOT_FOUND');
  current = data.chainSnapshot;
  if (!view.zone && current.chain.zone) {
    view.zone = current.chain.zone.id;
    await loadZoneOptionsFor(current);
  }
  renderChainFacts(current);
  await redraw();
  if (me !== latest.map) return;
  renderSegmentList(current);
  fillCompare(current);
  // The diff is asked for beside the lists: the map is drawn whatever it answers.
  await loadDiff();
  setState('ready');
  // The lists come after the map: if they fail, the map stays drawn and the lists say why.
  void loadLists(current).catch((error: unknown) => {
    byId('list-grid').replaceChildren(h('p', { class: 'error', role: 'alert' }, errorText(error)));
  });
  if (view.compare) await drawCompare();
  if (view.segment) await selectSegment(view.segment, false);
  else if (view.enterprise) await selectEnterprise(view.enterprise, false);
}

/**
 * The "changes since" view of the current chain: chainDiff from the chosen time to now, marked on the
 * map and listed in its panel; `data-diff-state` on the panel says when it is shown, for tests.
 */
async function loadDiff(): Promise<void> {
  const me = ++latest.diff;
  const panel = byId('diff');
  const from = sinceTime(view.since);
  syncSince();
  shownDiff = null;
  if (!view.chain || !from) {
    markDiff(cy, null);
    panel.hidden = true;
    panel.replaceChildren();
    delete panel.dataset.diffState;
    return;
  }
  panel.hidden = false;
  panel.dataset.diffState = 'loading';
  try {
    const data = await gql<{ chainDiff: ChainDiffAnswer }>(CHAIN_DIFF, { chain: view.chain, from });
    if (me !== latest.diff) return;
    shownDiff = data.chainDiff;
    markDiff(cy, shownDiff);
    panel.replaceChildren(...diffPanel(data.chainDiff, lang()));
    panel.dataset.diffState = 'ready';
  } catch (error) {
    if (me !== latest.diff) return;
    // HISTORY_UNAVAILABLE (an import, the seed or the retention hides the time) is said, not thrown.
    markDiff(cy, null);
    panel.replaceChildren(h('p', { class: 'error', role: 'alert' }, errorText(error)));
    panel.dataset.diffState = 'error';
  }
}

/** The since controls show the view's since: a preset in the list, a date in the date field. */
function syncSince(): void {
  const preset = view.since && view.since in SINCE_PRESETS ? view.since : '';
  byId<HTMLSelectElement>('since-select').value = preset;
  byId<HTMLInputElement>('since-date').value = !preset && view.since ? view.since.slice(0, 10) : '';
}

/** A chain opened without its zone: the zone and its chains are taken from the chain's answer. */
async function loadZoneOptionsFor(answer: ChainMapAnswer): Promise<void> {
  byId<HTMLSelectElement>('zone-select').value = answer.chain.zone?.id ?? '';
  const chains = await gql<{ park: { chains: Named[] } | null }>(ZONE_CHAINS, { zone: view.zone });
  fillChains(chains.park?.chains ?? []);
}

function fillChains(chains: Named[]): void {
  byId('chain-select').replaceChildren(
    h('option', { value: '' }, '—'),
    ...chains.map((c) => h('option', { value: c.id, selected: c.id === view.chain }, nameOf(c, lang()))),
  );
}

/** "已覆盖 2 · 薄弱 1 · 在补 0 · 缺失 6" */
function statusCounts(answer: ChainMapAnswer): string {
  return (['COVERED', 'WEAK', 'FILLING', 'MISSING'] as Status[])
    .map((s) => `${statusWord(s, lang())} ${answer[s.toLowerCase() as Lowercase<Status>]}`)
    .join(' · ');
}

function renderChainFacts(answer: ChainMapAnswer): void {
  const l = lang();
  const c = answer.chain;
  byId('map-title').replaceChildren(
    nameOf(c, l),
    c.zone ? ` · ${nameOf(c.zone, l)}` : '',
    sourceRefs(c.sources, l),
  );
  byId('chain-facts').replaceChildren(
    statusCounts(answer),
    ' | ',
    `${t('committee', l)}: `,
    c.committee ? nameOf(c.committee, l) : h('em', { 'data-role': 'no-committee' }, t('noCommittee', l)),
    ' | ',
    `${t('leaders', l)}: `,
    c.leadersNamed
      ? c.leaders.map((x) => nameOf(x, l)).join('、')
      : h('em', { 'data-role': 'no-leader' }, t('noLeader', l)),
    ' | ',
    `${t('chainMaster', l)}: ${c.chainMasters.map((m) => m.shortName ?? nameOf(m, l)).join('、') || '—'}`,
  );
}

async function redraw(): Promise<void> {
  if (!current) return;
  const elements = mapElements(current, lang());
  const onMap = new Set(elements.filter((e) => e.data.kind === 'segment').map((e) => String(e.data.id)));
  if (view.overlays.length > 0) {
    onMap.add(current.chain.id);
    const overlay = await overlayElements(current, onMap);
    // The chain's own node is the hub of what points at the chain; alone it would say nothing.
    if (overlay.length > 0) elements.push(chainNode(current, lang()), ...overlay);
    else say(t('overlayEmpty', lang()));
  }
  await draw(cy, elements);
  markDiff(cy, shownDiff);
}

async function overlayElements(
  answer: ChainMapAnswer,
  onMap: Set<string>,
): Promise<ReturnType<typeof mapElements>> {
  const chain = answer.chain.id;
  const parts = await Promise.all(
    view.overlays.map(async (overlay: Overlay) => {
      if (overlay === 'party') {
        const d = await gql<{ industryChain: PartyOverlayAnswer | null }>(PARTY_OVERLAY, { chain });
        return d.industryChain ? partyElements(d.industryChain, answer, lang(), onMap) : [];
      }
      if (overlay === 'talent') {
        const d = await gql<{ talentChain: TalentStep[] | null }>(TALENT_OVERLAY, { chain });
        return talentElements(d.talentChain ?? [], lang(), onMap);
      }
      const d = await gql<{ innovationChain: InnovationOutcome[] | null }>(INNOVATION_OVERLAY, { chain });
      return innovationElements(d.innovationChain ?? [], lang(), onMap);
    }),
  );
  return parts.flat();
}

function renderSegmentList(answer: ChainMapAnswer): void {
  const l = lang();
  byId('segment-list').replaceChildren(
    ...answer.segments.map((g) => {
      const button = h(
        'button',
        {
          type: 'button',
          'data-segment': g.segment.id,
          'aria-pressed': String(g.segment.id === view.segment),
        },
        `${nameOf(g.segment, l)} · ${statusWord(g.status, l)} · ${firms(g.enterpriseCount, l)}`,
      );
      coloured(button, 'background', STATUS_COLOURS[g.status]);
      button.addEventListener('click', () => void selectSegment(g.segment.id).catch(fail));
      return h('li', {}, button);
    }),
  );
}

/** The classes reachClasses() lights an enterprise's reach with (style.ts draws them). */
const REACH_CLASSES = 'own orphaned hit upstream downstream';

async function selectSegment(id: string, push = true): Promise<void> {
  if (!current) return;
  const gap = current.segments.find((g) => g.segment.id === id);
  if (!gap) return;
  view = { ...view, segment: id, enterprise: undefined };
  writeUrl(push);
  cy.elements().unselect().removeClass(REACH_CLASSES);
  cy.getElementById(id).select();
  // The same segment in the map beside it, so the two zones read side by side.
  compareCy?.elements().unselect();
  compareCy?.getElementById(id).select();
  for (const b of document.querySelectorAll('#segment-list button'))
    b.setAttribute('aria-pressed', String(b.getAttribute('data-segment') === id));
  const me = ++latest.panel;
  await showSegment(current, gap, {
    lang,
    selectEnterprise: (e) => void selectEnterprise(e).catch(fail),
    stale: () => me !== latest.panel,
  });
}

async function selectEnterprise(id: string, push = true): Promise<void> {
  view = { ...view, enterprise: id, segment: undefined };
  writeUrl(push);
  const me = ++latest.panel;
  const reach = await reachOf(id, view.depth);
  if (me !== latest.panel) return;
  cy.elements().unselect().removeClass(REACH_CLASSES);
  const classes = reachClasses(
    {
      orphanedSegments: reach.blastRadius?.orphanedSegments.map((s) => s.id) ?? [],
      downstreamSegments: reach.blastRadius?.downstreamSegments.map((s) => s.node.id) ?? [],
      upstream: (reach.upstream ?? []).map((s) => ({ id: s.node.id, distance: s.distance })),
      downstream: (reach.downstream ?? []).map((s) => ({ id: s.node.id, distance: s.distance })),
    },
    reach.enterprise?.segments.map((s) => s.id) ?? [],
  );
  for (const [segment, names] of classes) cy.getElementById(segment).addClass(names.join(' '));
  const segmentName = (segment: string): string => {
    const gap = current?.segments.find((g) => g.segment.id === segment);
    return gap ? nameOf(gap.segment, lang()) : segment;
  };
  showEnterprise(
    reach,
    lang(),
    view.depth,
    (depth) => {
      view = { ...view, depth };
      void selectEnterprise(id, false).catch(fail);
    },
    segmentName,
  );
}

function fillCompare(answer: ChainMapAnswer): void {
  const select = byId<HTMLSelectElement>('compare-select');
  const others = (answer.chain.chainType?.chains ?? []).filter((c) => c.id !== answer.chain.id);
  select.replaceChildren(
    h('option', { value: '' }, t('none', lang())),
    ...others.map((c) =>
      h(
        'option',
        { value: c.id, selected: c.id === view.compare },
        `${c.zone ? nameOf(c.zone, lang()) : ''} · ${nameOf(c, lang())}`,
      ),
    ),
  );
}

async function drawCompare(): Promise<void> {
  const wrap = byId('compare-wrap');
  wrap.hidden = !view.compare;
  if (!view.compare) {
    compareCy?.destroy();
    compareCy = null;
    cy.resize();
    return;
  }
  const data = await gql<{ chainSnapshot: ChainMapAnswer | null }>(CHAIN_MAP, { chain: view.compare });
  if (!data.chainSnapshot) throw new ApiError(`no chain ${view.compare}`, 'NOT_FOUND');
  const other = data.chainSnapshot;
  byId('compare-facts').textContent = statusCounts(other);
  byId('compare-title').replaceChildren(
    nameOf(other.chain, lang()),
    other.chain.zone ? ` · ${nameOf(other.chain.zone, lang())}` : '',
    sourceRefs(other.chain.sources, lang()),
  );
  compareCy ??= createMap(byId('compare-map'), t('mapLabel', lang()), lang());
  cy.resize();
  await draw(compareCy, mapElements(other, lang()));
  cy.fit(undefined, 24);
}

async function loadLists(answer: ChainMapAnswer): Promise<void> {
  if (!answer.chain.zone) return;
  // Two operations, each within the cost limit any client has.
  const [lists, firms] = await Promise.all([
    gql<Omit<ListsAnswer, 'specialized' | 'highTech'>>(CHAIN_LISTS, {
      chain: answer.chain.id,
      zone: answer.chain.zone.id,
    }),
    gql<Pick<ListsAnswer, 'specialized' | 'highTech'>>(KEY_FIRMS, { chain: answer.chain.id }),
  ]);
  renderLists(buildLists(answer, { ...lists, ...firms }, lang()), lang());
}

function wire(): void {
  const guard = (p: Promise<void>): void => void p.catch(fail);
  byId<HTMLSelectElement>('zone-select').addEventListener('change', (e) =>
    guard(pickZone((e.target as HTMLSelectElement).value || undefined)),
  );
  byId<HTMLSelectElement>('chain-select').addEventListener('change', (e) => {
    view = {
      ...view,
      chain: (e.target as HTMLSelectElement).value || undefined,
      segment: undefined,
      enterprise: undefined,
      compare: undefined,
    };
    writeUrl(true);
    guard(loadChain());
  });
  byId<HTMLSelectElement>('compare-select').addEventListener('change', (e) => {
    view = { ...view, compare: (e.target as HTMLSelectElement).value || undefined };
    writeUrl(true);
    guard(drawCompare());
  });
  const pickSince = (since: string | undefined): void => {
    view = { ...view, since };
    writeUrl(true);
    guard(loadDiff());
  };
  byId<HTMLSelectElement>('since-select').addEventListener('change', (e) =>
    pickSince((e.target as HTMLSelectElement).value || undefined),
  );
  byId<HTMLInputElement>('since-date').addEventListener('change', (e) =>
    pickSince((e.target as HTMLInputElement).value || undefined),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  byId<HTMLInputElement>('zone-search').addEventListener('input', (e) => {
    clearTimeout(timer);
    const text = (e.target as HTMLInputElement).value;
    timer = setTimeout(() => guard(searchZones(text)), 250);
  });
  for (const overlay of OVERLAYS) {
    const box = byId<HTMLInputElement>(`overlay-${overlay}`);
    box.checked = view.overlays.includes(overlay);
    box.addEventListener('change', () => {
      view = { ...view, overlays: OVERLAYS.filter((o) => byId<HTMLInputElement>(`overlay-${o}`).checked) };
      writeUrl(true);
      setState('loading');
      guard(redraw().then(() => setState('ready')));
    });
  }
  byId('lang-toggle').addEventListener('click', () => {
    view = { ...view, lang: view.lang === 'zh' ? 'en' : 'zh' };
    writeUrl(true);
    translateStatic();
    guard(load());
  });
  // File names without the id's label prefix: a colon is not allowed in Windows file names.
  const fileName = (ext: string): string =>
    `chain-map-${(view.chain ?? 'empty').replace(/^[a-z-]+:/, '')}.${ext}`;
  byId('export-png').addEventListener('click', () => download(fileName('png'), pngOf(cy)));
  byId('export-svg').addEventListener('click', () => download(fileName('svg'), svgOf(cy)));
  byId<HTMLInputElement>('api-key').addEventListener('change', (e) => {
    apiKey.set((e.target as HTMLInputElement).value);
    guard(load());
  });
  byId('controls').addEventListener('submit', (e) => e.preventDefault());
  const tapped = (e: cytoscape.EventObject): cytoscape.NodeSingular => e.target as cytoscape.NodeSingular;
  cy.on('tap', 'node.segment', (e) => guard(selectSegment(tapped(e).id())));
  cy.on('tap', 'node.project', (e) => guard(selectSegment(String(tapped(e).data('anchor')))));
  cy.on('tap', 'node.overlay', (e) => guard(showNode(String(tapped(e).data('entity')), lang())));
  // Keys on the focused map: arrows walk the segments in flow order, Escape clears the selection.
  byId('map').addEventListener('keydown', (e) => {
    if (!current || current.segments.length === 0) return;
    const ids = current.segments.map((g) => g.segment.id);
    const at = view.segment ? ids.indexOf(view.segment) : -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown')
      guard(selectSegment(ids[Math.min(ids.length - 1, at + 1)]));
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') guard(selectSegment(ids[Math.max(0, at - 1)]));
    else if (e.key === 'Escape') {
      view = { ...view, segment: undefined, enterprise: undefined };
      writeUrl();
      cy.elements().unselect();
      byId('panel').replaceChildren();
    } else return;
    e.preventDefault();
  });
  window.addEventListener('popstate', () => {
    view = parseView(location.search);
    for (const overlay of OVERLAYS)
      byId<HTMLInputElement>(`overlay-${overlay}`).checked = view.overlays.includes(overlay);
    translateStatic();
    guard(load());
  });
}

/** Loads the view in the URL. The map comes first: the list of zones, which pages through every zone, fills in beside it. */
function load(): Promise<void> {
  const map = view.zone ? loadChains() : view.chain ? loadChain() : Promise.resolve(setState('ready'));
  if (!view.zone && !view.chain) say(t('pickZone', lang()));
  return Promise.all([loadZones(), map]).then(() => undefined);
}

translateStatic();
wire();
load().catch(fail);
