import type { Page } from 'playwright-core';

/**
 * The map page's contract as the browser tests read it (the page implements it in web/):
 * `documentElement.dataset.mapState` is loading | ready | error, and `window.chainMap.cy` is the
 * cytoscape instance of the main map. Kept apart so both the tests and the bench read it one way.
 */
interface CyNode {
  data(key: string): unknown;
  selected(): boolean;
}
interface CyCollection {
  map<T>(f: (node: CyNode) => T): T[];
  length: number;
}
interface Cy {
  nodes(selector?: string): CyCollection;
  $id(id: string): CyCollection & CyNode;
}
/**
 * The page's globals, for the callbacks page.evaluate runs in the browser: the project compiles without
 * the DOM library, and those callbacks are serialised, so they use nothing else of this module.
 */
declare const window: {
  location: { href: string };
  chainMap?: { cy?: Cy; compareCy?: Cy | null; view?: { chain?: string } };
};
declare const document: {
  documentElement: { lang: string; dataset: Record<string, string | undefined> };
};

/** Waits until the page shows the given chain's map, drawn and laid out (or fails on mapState 'error'). */
export async function waitForMap(page: Page, chainId: string, timeout = 30_000): Promise<void> {
  const handle = await page.waitForFunction(
    (chain) => {
      const state = document.documentElement.dataset.mapState;
      if (state === 'error') return 'error';
      const shown = window.chainMap?.view?.chain;
      return state === 'ready' && shown === chain && (window.chainMap?.cy?.nodes().length ?? 0) > 0
        ? 'ready'
        : false;
    },
    chainId,
    { timeout },
  );
  const state = await handle.jsonValue();
  if (state !== 'ready') throw new Error(`the map of ${chainId} ended in mapState '${String(state)}'`);
}

/** The segment nodes drawn on the main map (or the compared one), as [segment id, status], sorted by id. */
export function drawnStatuses(page: Page, map: 'cy' | 'compareCy' = 'cy'): Promise<[string, string][]> {
  return page.evaluate(
    (which) =>
      (
        window.chainMap?.[which]
          ?.nodes('[kind = "segment"]')
          .map((n) => [String(n.data('id')), String(n.data('status'))]) ?? []
      ).sort((a, b) => a[0].localeCompare(b[0])) as [string, string][],
    map,
  );
}

/** Waits until the compared map has drawn its segments (the page sets no state of its own for it). */
export async function waitForCompare(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => (window.chainMap?.compareCy?.nodes('[kind = "segment"]').length ?? 0) > 0,
    null,
    { timeout },
  );
}

/**
 * The entities an overlay drew (`data('overlay')` names the overlay, `data('entity')` the entity: node
 * ids are `<overlay>:<entity id>`, as one institution can be in two overlays).
 */
export function overlayEntities(page: Page, overlay: string): Promise<string[]> {
  return page.evaluate(
    (name) => window.chainMap?.cy?.nodes(`[overlay = "${name}"]`).map((n) => String(n.data('entity'))) ?? [],
    overlay,
  );
}

/** Whether the main map has this node selected. */
export function isSelected(page: Page, id: string): Promise<boolean> {
  return page.evaluate((nodeId) => {
    const node = window.chainMap?.cy?.$id(nodeId);
    return node !== undefined && node.length > 0 && node.selected();
  }, id);
}

export async function waitForSelected(page: Page, id: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction((nodeId) => window.chainMap?.cy?.$id(nodeId).selected() ?? false, id, {
    timeout,
  });
}

/** Waits until the overlay has drawn the entity, or (with id undefined) until it has drawn none. */
export async function waitForOverlay(
  page: Page,
  overlay: string,
  id: string | undefined,
  timeout = 10_000,
): Promise<void> {
  await page.waitForFunction(
    ([name, nodeId]) => {
      const ids = window.chainMap?.cy?.nodes(`[overlay = "${name}"]`).map((n) => n.data('entity'));
      if (ids === undefined) return false;
      return nodeId === undefined ? ids.length === 0 : ids.includes(nodeId);
    },
    [overlay, id] as const,
    { timeout },
  );
}

export function documentLang(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.lang);
}
