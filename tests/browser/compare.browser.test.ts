import { resetDatabase, testGateway } from '../support/db';
import { probePage } from './support/browser';
import { apiStatuses, startBrowserApp, type BrowserApp } from './support/app';
import { drawnStatuses, waitForCompare, waitForMap } from './support/map-page';

const BAIYIN = 'park:baiyin-htz';
const LITHIUM = 'chain:baiyin-htz.lithium-battery';
/** A fixture: the curated data has no two chains of one type, so a second lithium-battery chain is made. */
const OTHER = 'chain:suizhou-htz.lithium-battery-fixture';
const SOURCE = 'source:002-suizhou-half-year';

/**
 * Two zones' maps of one chain type side by side (chromium): Baiyin's lithium-battery chain beside a
 * second chain of that type placed in Suizhou, the zone of the 斯诺 anode project. The fixture is written
 * straight into the test database (HAS_CHAIN and OF_TYPE are not writable through the API), which is
 * emptied again afterwards.
 */
describe('comparing two zones on one chain type (chromium)', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp();
    await app.server.gateway.write({
      name: 'test/compare-fixture',
      cypher: `MATCH (z:Park {id: 'park:suizhou-htz'}), (t:ChainType {id: 'chaintype:lithium-battery'}),
  (src:Source {id: $source})
MERGE (c:IndustryChain {id: $id})
SET c.name = '随州高新区锂电池产业链（测试）', c.nameEn = 'Suizhou HTZ lithium-battery chain (test)', c.sources = [$source]
MERGE (z)-[h:HAS_CHAIN]->(c) SET h.sources = [$source]
MERGE (c)-[o:OF_TYPE]->(t) SET o.sources = [$source]
MERGE (c)-[:CITES]->(src)
RETURN count(c) AS n`,
      params: { id: OTHER, source: SOURCE },
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    const gateway = testGateway();
    try {
      await resetDatabase(gateway);
    } finally {
      await gateway.close();
    }
  });

  it('a permalink with compare= draws both maps, each with the statuses chainGaps answers', async () => {
    const visit = await probePage(app.browser, 'compare-permalink');
    try {
      const { page } = visit;
      await page.goto(
        `${app.server.url}/map?${new URLSearchParams({ zone: BAIYIN, chain: LITHIUM, compare: OTHER }).toString()}`,
      );
      await waitForMap(page, LITHIUM);
      await waitForCompare(page);
      await visit.screenshot('1-side-by-side');
      expect(await page.locator('#compare-wrap').isVisible()).toBe(true);
      expect(await page.locator('#compare-select').inputValue()).toBe(OTHER);
      expect(await drawnStatuses(page)).toEqual(await apiStatuses(app.server, LITHIUM));
      const other = await apiStatuses(app.server, OTHER);
      expect(other.length).toBeGreaterThan(3);
      expect(await drawnStatuses(page, 'compareCy')).toEqual(other);
      expect(visit.problems()).toEqual({ outside: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await visit.close();
    }
  });

  it('#compare-select offers the other zone’s chain of the type, and choosing it opens the comparison', async () => {
    const visit = await probePage(app.browser, 'compare-select');
    try {
      const { page } = visit;
      await page.goto(
        `${app.server.url}/map?${new URLSearchParams({ zone: BAIYIN, chain: LITHIUM }).toString()}`,
      );
      await waitForMap(page, LITHIUM);
      expect(await page.locator('#compare-wrap').isVisible()).toBe(false);
      await page.locator(`#compare-select option[value="${OTHER}"]`).waitFor({ state: 'attached' });
      await page.locator('#compare-select').selectOption(OTHER);
      await waitForCompare(page);
      await page.waitForURL((url) => url.searchParams.get('compare') === OTHER);
      await visit.screenshot('1-chosen');
      expect(await page.locator('#compare-wrap').isVisible()).toBe(true);
      expect(visit.problems()).toEqual({ outside: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await visit.close();
    }
  });
});
