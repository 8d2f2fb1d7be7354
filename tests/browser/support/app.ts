import type { Browser } from 'playwright-core';
import { loadConfig } from '../../../src/config/config';
import { testGateway } from '../../support/db';
import { loadCuratedData, startTestServer, type TestServer } from '../../support/server';
import { launchChromium } from '../../../tools/chromium';

/** The real app on 127.0.0.1 over the curated data set, and a chromium to look at it with. */
export interface BrowserApp {
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}

/** `env`: the service's settings beside the defaults (API_KEYS, for a test that writes through the API). */
export async function startBrowserApp(env: Record<string, string> = {}): Promise<BrowserApp> {
  await loadCuratedData();
  // The service's own transaction limit, not the integration tests' shorter one: a page's first visit
  // meets Neo4j planning its statements for the first time, as a planner's would.
  const server = await startTestServer(testGateway(loadConfig({}).txTimeoutMs), env);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** What `chainGaps` answers for a chain, as [segment id, status] sorted by id: what the map must draw. */
export async function apiStatuses(server: TestServer, chain: string): Promise<[string, string][]> {
  const { body } = await server.graphql(
    'query ($chain: ID!) { chainGaps(chainId: $chain) { status segment { id } } }',
    { chain },
  );
  return ((body.data?.chainGaps ?? []) as { status: string; segment: { id: string } }[])
    .map((g): [string, string] => [g.segment.id, g.status])
    .sort((a, b) => a[0].localeCompare(b[0]));
}
