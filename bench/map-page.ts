/**
 * One visit of the map page in chromium, timed: from navigation start (the page's performance time
 * origin) to the moment `document.documentElement.dataset.mapState` first reads 'ready', and how much of
 * that the GraphQL requests took. A fresh browser context per visit, so the HTTP cache starts empty.
 */
import type { Browser } from 'playwright-core';

export interface Visit {
  /** Navigation start to mapState 'ready'. */
  readyMs: number;
  /** GraphQL requests that started before 'ready'. */
  graphqlRequests: number;
  /** The time during which at least one of them was in flight (the union of their intervals). */
  graphqlWallMs: number;
  /** Their durations added up (more than the wall time when they overlap). */
  graphqlSumMs: number;
  /** Navigation start to the end of the HTML response. */
  htmlMs: number;
  /** Segment nodes drawn. */
  segments: number;
  /** The GraphQL operations that finished before 'ready', by name, with their durations in ms, in order. */
  operations: [string, number][];
}

// The page's globals, for the callbacks that run in the browser (the project has no DOM library).
declare const window: {
  __mapReadyAt?: number;
  __mapError?: boolean;
  chainMap?: { cy?: { nodes(selector: string): { length: number } } };
};
declare const document: {
  documentElement: { dataset: Record<string, string | undefined> } | null;
  addEventListener(type: string, listener: () => void): void;
};
declare const performance: {
  timeOrigin: number;
  now(): number;
  getEntriesByType(type: string): { name: string; startTime: number; responseEnd: number }[];
};
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: unknown, options: Record<string, unknown>): void;
  disconnect(): void;
}

/** Installed before any of the page's scripts: records the first time mapState reads ready or error. */
function recordReady(): void {
  const check = (): boolean => {
    const state = document.documentElement?.dataset.mapState;
    if (state === 'ready' && window.__mapReadyAt === undefined) window.__mapReadyAt = performance.now();
    if (state === 'error') window.__mapError = true;
    return state === 'ready' || state === 'error';
  };
  const observer = new MutationObserver(() => {
    if (check()) observer.disconnect();
  });
  observer.observe(document, { attributes: true, attributeFilter: ['data-map-state'], subtree: true });
}

export async function visitMap(browser: Browser, url: string, timeoutMs = 60_000): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(recordReady);
    const finished: { name: string; endsAt: number; ms: number }[] = [];
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).pathname !== '/graphql') return;
      const body = request.postDataJSON() as { operationName?: string; query?: string } | null;
      const named = /^\s*(?:query|mutation)\s+(\w+)/.exec(body?.query ?? '')?.[1];
      const timing = request.timing();
      finished.push({
        name: body?.operationName ?? named ?? '?',
        endsAt: timing.startTime + timing.responseEnd,
        ms: timing.responseEnd,
      });
    });
    const response = await page.goto(url, { waitUntil: 'commit' });
    await page
      .waitForFunction(() => window.__mapReadyAt !== undefined || window.__mapError === true, null, {
        timeout: timeoutMs,
        polling: 50,
      })
      .catch(async () => {
        const state = await page.evaluate(() => document.documentElement?.dataset.mapState ?? 'unset');
        throw new Error(
          `${url}: HTTP ${String(response?.status())}, mapState '${state}' after ${timeoutMs} ms, never 'ready'`,
        );
      });
    const visit = await page.evaluate((): Omit<Visit, 'operations'> | string => {
      const readyAt = window.__mapReadyAt;
      if (readyAt === undefined) return 'the page reported mapState error';
      const graphql = performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname === '/graphql' && e.startTime < readyAt)
        .map((e) => [e.startTime, Math.min(e.responseEnd, readyAt)] as const)
        .sort((a, b) => a[0] - b[0]);
      let wall = 0;
      let end = -Infinity;
      for (const [start, stop] of graphql) {
        if (stop > end) wall += stop - Math.max(start, end);
        end = Math.max(end, stop);
      }
      const [navigation] = performance.getEntriesByType('navigation');
      return {
        readyMs: readyAt,
        graphqlRequests: graphql.length,
        graphqlWallMs: wall,
        graphqlSumMs: graphql.reduce((sum, [start, stop]) => sum + (stop - start), 0),
        htmlMs: navigation?.responseEnd ?? Number.NaN,
        segments: window.chainMap?.cy?.nodes('[kind = "segment"]').length ?? 0,
      };
    });
    if (typeof visit === 'string') throw new Error(`${url}: ${visit}`);
    const readyAt = await page.evaluate((ms) => performance.timeOrigin + ms, visit.readyMs);
    return {
      ...visit,
      operations: finished.filter((f) => f.endsAt <= readyAt).map((f): [string, number] => [f.name, f.ms]),
    };
  } finally {
    await context.close();
  }
}
