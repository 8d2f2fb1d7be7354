import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Loopback only: the page must work on a closed network, so any other host is a failure. */
export function leavesLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return false;
  return hostname !== '127.0.0.1';
}

export const SCREENSHOTS = path.join(__dirname, '..', 'screenshots');

/** What a page did: every request it made, those that would have left loopback, and its errors. */
export interface PageProbe {
  context: BrowserContext;
  page: Page;
  requests: string[];
  /** Requests to another host; they are aborted, so nothing actually leaves the machine. */
  outside: string[];
  consoleErrors: string[];
  pageErrors: string[];
  /** Writes tests/browser/screenshots/<prefix>-<step>.png and returns its path. */
  screenshot(step: string): Promise<string>;
  /** What must be empty at the end of every browser test: outside requests, console and page errors. */
  problems(): { outside: string[]; consoleErrors: string[]; pageErrors: string[] };
  close(): Promise<void>;
}

/** A fresh context (no cache, no storage) and page whose every request and error is recorded. */
export async function probePage(browser: Browser, prefix: string): Promise<PageProbe> {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const outside: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    requests.push(url);
    if (leavesLoopback(url)) {
      outside.push(url);
      await route.abort('blockedbyclient');
    } else await route.continue();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location();
      consoleErrors.push(`${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    requests,
    outside,
    consoleErrors,
    pageErrors,
    screenshot: async (step) => {
      const file = path.join(SCREENSHOTS, `${prefix}-${step}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    problems: () => ({
      outside: [...outside],
      consoleErrors: [...consoleErrors],
      pageErrors: [...pageErrors],
    }),
    close: () => context.close(),
  };
}
