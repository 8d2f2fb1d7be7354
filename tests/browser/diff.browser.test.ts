import type { Page } from 'playwright-core';
import { probePage, type PageProbe } from './support/browser';
import { startBrowserApp, type BrowserApp } from './support/app';
import { waitForMap } from './support/map-page';
import {
  CHAIN,
  EDITOR,
  FIVE_AXIS,
  FIVE_AXIS_NAME,
  LIDING,
  MAIN,
  SOURCE,
  YUNDING,
  ZONE,
} from '../support/qingdao';

interface DiffAnswer {
  segments: { segment: { id: string }; move: string }[];
  enterprises: { segment: { id: string }; enterprise: { id: string }; move: string }[];
  projects: { project: { id: string } }[];
}

declare const window: {
  chainMap?: {
    cy?: {
      nodes(selector: string): { map<T>(f: (n: { id(): string; hasClass(c: string): boolean }) => T): T[] };
    };
  };
};
declare const document: { querySelector(s: string): { dataset: Record<string, string | undefined> } | null };

/** The rings the map draws: [segment id, class], sorted. */
function drawnMarks(page: Page): Promise<[string, string][]> {
  return page.evaluate(
    () =>
      (
        window.chainMap?.cy
          ?.nodes('node.segment')
          .map((n) => [
            n.id(),
            n.hasClass('diff-closed') ? 'diff-closed' : n.hasClass('diff-opened') ? 'diff-opened' : '',
          ])
          .filter((m) => m[1] !== '') ?? []
      ).sort((a, b) => a[0].localeCompare(b[0])) as [string, string][],
  );
}

async function waitForDiff(page: Page, want: 'ready' | 'error'): Promise<void> {
  await page.waitForFunction((state) => document.querySelector('#diff')?.dataset.diffState === state, want, {
    timeout: 30_000,
  });
}

/**
 * The map's "changes since" view in a real chromium: Qingdao's 高端主机 segment, written through the API
 * from before the five-axis project was signed to covered by two local firms; the panel and the rings
 * must say what chainDiff says.
 */
describe('the chain map diff at /map (chromium)', () => {
  let app: BrowserApp;
  let probe: PageProbe;
  let since = '';

  const write = async (query: string): Promise<void> => {
    const response = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR}` },
      body: JSON.stringify({ query }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
  };
  const setStatus = (status: string): Promise<void> =>
    write(
      `mutation { upsertProject(input: { id: "${FIVE_AXIS}", name: "${FIVE_AXIS_NAME}", status: "${status}" }, source: "${SOURCE}") { id } }`,
    );
  const operatesIn = (firm: string): Promise<void> =>
    write(
      `mutation { link(input: { type: OPERATES_IN, from: "${firm}", to: "${MAIN}", source: "${SOURCE}" }) { type } }`,
    );

  beforeAll(async () => {
    app = await startBrowserApp({ API_KEYS: `editor@planner:${EDITOR}` });
    probe = await probePage(app.browser, 'diff');
    await setStatus('PLANNED');
    await new Promise((resolve) => setTimeout(resolve, 10));
    since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await setStatus('SIGNED');
    await operatesIn(LIDING);
    await operatesIn(YUNDING);
  }, 120_000);
  afterAll(async () => {
    await probe?.close();
    await app?.close();
  });

  it('marks and lists what chainDiff answers: 高端主机 MISSING → COVERED, two firms in, the project signed', async () => {
    const { page } = probe;
    const url = `${app.server.url}/map?zone=${ZONE}&chain=${CHAIN}&since=${since}`;
    expect((await page.goto(url))?.status()).toBe(200);
    await waitForMap(page, CHAIN);
    await waitForDiff(page, 'ready');
    await probe.screenshot('1-qingdao-since-signing');
    const { body } = await app.server.graphql(
      `query ($chain: ID!, $from: DateTimeISO!) { chainDiff(chainId: $chain, from: $from) {
        segments { segment { id } move } enterprises { segment { id } enterprise { id } move } projects { project { id } } } }`,
      { chain: CHAIN, from: since },
    );
    const diff = body.data?.chainDiff as DiffAnswer;
    expect(diff.segments).toContainEqual({ segment: { id: MAIN }, move: 'CLOSED' });
    const attr = (selector: string, names: string[]): Promise<string[][]> =>
      page
        .locator(selector)
        .evaluateAll(
          (items, keys) =>
            items.map((el) =>
              keys.map((k) => (el as unknown as { getAttribute(n: string): string }).getAttribute(k)),
            ),
          names,
        );
    expect(await attr('#diff li[data-move]:not([data-enterprise])', ['data-segment', 'data-move'])).toEqual(
      diff.segments.map((s) => [s.segment.id, s.move]),
    );
    expect(await attr('#diff li[data-enterprise]', ['data-segment', 'data-enterprise', 'data-move'])).toEqual(
      diff.enterprises.map((e) => [e.segment.id, e.enterprise.id, e.move]),
    );
    expect(await attr('#diff li[data-project]', ['data-project'])).toEqual(
      diff.projects.map((p) => [p.project.id]),
    );
    expect(await drawnMarks(page)).toEqual(
      diff.segments
        .map((s): [string, string] => [s.segment.id, s.move === 'CLOSED' ? 'diff-closed' : 'diff-opened'])
        .sort((a, b) => a[0].localeCompare(b[0])),
    );
    const text = await page.locator('#diff').innerText();
    expect(text).toContain('高端主机');
    expect(text).toContain('缺失 → 已覆盖');
    expect(new URL(page.url()).searchParams.get('since')).toBe(since);
  });

  it('says why when the time is before what the log can rebuild (a preset before the seed)', async () => {
    const { page } = probe;
    await page.locator('#since-select').selectOption('7d');
    await waitForDiff(page, 'error');
    expect(await page.locator('#diff').innerText()).toContain('HISTORY_UNAVAILABLE');
    expect(new URL(page.url()).searchParams.get('since')).toBe('7d');
    expect(await drawnMarks(page)).toEqual([]);
    // In English, the same diff again from the permalink's time.
    await page.goto(`${app.server.url}/map?zone=${ZONE}&chain=${CHAIN}&since=${since}&lang=en`);
    await waitForMap(page, CHAIN);
    await waitForDiff(page, 'ready');
    expect(await page.locator('#diff').innerText()).toContain('Missing → Covered');
    await probe.screenshot('2-qingdao-since-signing-en');
  });

  it('sent nothing off loopback and logged no error', () => {
    expect(probe.problems()).toEqual({ outside: [], consoleErrors: [], pageErrors: [] });
  });
});
