import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { probePage, SCREENSHOTS, type PageProbe } from './support/browser';
import { apiStatuses, startBrowserApp, type BrowserApp } from './support/app';
import {
  documentLang,
  drawnStatuses,
  isSelected,
  overlayEntities,
  waitForMap,
  waitForOverlay,
  waitForSelected,
} from './support/map-page';

const BAIYIN = 'park:baiyin-htz';
const LITHIUM = 'chain:baiyin-htz.lithium-battery';
const ANODE = 'seg:lithium-battery.anode';
const ZHENJIANG = 'park:zhenjiang-htz';
const SHIP = 'chain:zhenjiang-htz.ship-offshore';
const ZHENJIANG_COMMITTEE = 'org:zhenjiang-htz.chain-joint-committee';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Polls a select's value (the page may set it itself) for up to timeoutMs; resolves to the last value. */
async function settledValue(page: Page, selector: string, want: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.locator(selector).inputValue();
    if (value === want || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Picks a zone and then one of its chains through the page's own controls, as a planner would: types
 * in the search box (one match and the page picks the zone itself, and a zone's only chain too), and
 * chooses from the lists only what the page has not chosen already.
 */
async function pickThroughControls(page: Page, search: string, zone: string, chain: string): Promise<void> {
  await page.locator('#zone-search').fill(search);
  await page.locator(`#zone-select option[value="${zone}"]`).waitFor({ state: 'attached' });
  if ((await settledValue(page, '#zone-select', zone, 3000)) !== zone)
    await page.locator('#zone-select').selectOption(zone);
  await page.locator(`#chain-select option[value="${chain}"]`).first().waitFor({ state: 'attached' });
  if ((await settledValue(page, '#chain-select', chain, 1000)) !== chain)
    await page.locator('#chain-select').selectOption(chain);
  await waitForMap(page, chain);
}

/** Option values that a select lists more than once (a list built twice by overlapping loads). */
async function repeatedOptions(page: Page, selector: string): Promise<string[]> {
  const values = await page
    .locator(`${selector} option`)
    .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
  return values.filter((v, i) => values.indexOf(v) !== i);
}

/**
 * The chain map in a real chromium over the curated data: Baiyin's lithium-battery chain as the
 * articles tell it (no local anode firm; Suizhou's 斯诺 builds an anode project), picked through the
 * controls. The steps share one page, in order; the last test checks what the whole visit sent and logged.
 */
describe('the chain map at /map (chromium)', () => {
  let app: BrowserApp;
  let probe: PageProbe;

  beforeAll(async () => {
    app = await startBrowserApp();
    probe = await probePage(app.browser, 'map');
  }, 120_000);
  afterAll(async () => {
    await probe?.close();
    await app?.close();
  });

  it("draws Baiyin's lithium-battery chain, picked zone then chain, with the statuses chainGaps answers", async () => {
    const { page } = probe;
    expect((await page.goto(`${app.server.url}/map`))?.status()).toBe(200);
    await pickThroughControls(page, '白银', BAIYIN, LITHIUM);
    await probe.screenshot('1-baiyin-lithium');
    const expected = await apiStatuses(app.server, LITHIUM);
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.find(([id]) => id === ANODE)?.[1]).not.toBe('COVERED');
    expect(await drawnStatuses(page)).toEqual(expected);
    // The view is in the URL, and overlapping loads did not list anything twice.
    expect({
      permalink: new URL(page.url()).searchParams.get('chain'),
      zones: await repeatedOptions(page, '#zone-select'),
      chains: await repeatedOptions(page, '#chain-select'),
    }).toEqual({ permalink: LITHIUM, zones: [], chains: [] });
  });

  it("selects the anode gap from the keyboard list and lists Suizhou's 斯诺 project among its candidates", async () => {
    const { page } = probe;
    await page.locator(`#segment-list button[data-segment="${ANODE}"]`).focus();
    await page.keyboard.press('Enter');
    await waitForSelected(page, ANODE);
    const candidates = page.locator('#panel [data-role="candidates"] li');
    // Wait for the project to show, but report what the panel listed when it does not.
    await candidates
      .filter({ hasText: '斯诺' })
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined);
    await probe.screenshot('2-anode-candidates');
    expect(await candidates.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('斯诺')]),
    );
    expect(new URL(page.url()).searchParams.get('segment')).toBe(ANODE);
  });

  it('lists the six lists beside the map, and the gaps list exports as CSV with the anode gap', async () => {
    const { page } = probe;
    await page.locator('#list-grid button[data-csv]').nth(5).waitFor({ timeout: 30_000 });
    await probe.screenshot('6-lists');
    expect(await page.locator('#list-grid button[data-csv]').count()).toBe(6);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#list-grid button[data-csv="gaps"]').click(),
    ]);
    expect(csv.suggestedFilename()).toBe('gaps.csv');
    const file = path.join(SCREENSHOTS, 'map-6-gaps.csv');
    await csv.saveAs(file);
    const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.find((line) => line.includes(ANODE))).toContain('负极材料');
  });

  it("toggles the Party overlay: Zhenjiang's ship chain shows its joint committee", async () => {
    const { page } = probe;
    // Baiyin's chain has no Party organisation in the data (its committees are only a reported total):
    // there the page must say so; the nodes are checked on a chain that has them.
    await page.locator('#overlay-party').check();
    await page.waitForURL((url) => (url.searchParams.get('overlays') ?? '').split(',').includes('party'));
    await waitForMap(page, LITHIUM);
    await page.locator('#chain-facts [data-role="no-committee"]').waitFor();
    await page.locator('#status').filter({ hasText: '所选图层在来源中没有记载' }).waitFor();
    expect(await overlayEntities(page, 'party')).toEqual([]);
    await probe.screenshot('3-baiyin-party-overlay');
    await pickThroughControls(page, '镇江', ZHENJIANG, SHIP);
    await page.locator('#overlay-party').check();
    await waitForOverlay(page, 'party', ZHENJIANG_COMMITTEE);
    await probe.screenshot('4-zhenjiang-party-overlay');
    expect(await overlayEntities(page, 'party')).toContain(ZHENJIANG_COMMITTEE);
    await page.locator('#overlay-party').uncheck();
    await waitForOverlay(page, 'party', undefined);
  });

  it('exports the map as a PNG and an SVG', async () => {
    const { page } = probe;
    await pickThroughControls(page, '白银', BAIYIN, LITHIUM);
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('#export-png').click()]);
    expect(png.suggestedFilename()).toBe('chain-map-baiyin-htz.lithium-battery.png');
    const pngFile = path.join(SCREENSHOTS, 'map-5-export.png');
    await png.saveAs(pngFile);
    const bytes = readFileSync(pngFile);
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(bytes.length).toBeGreaterThan(1000);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('#export-svg').click()]);
    expect(svg.suggestedFilename()).toBe('chain-map-baiyin-htz.lithium-battery.svg');
    const svgFile = path.join(SCREENSHOTS, 'map-5-export.svg');
    await svg.saveAs(svgFile);
    expect(readFileSync(svgFile, 'utf8')).toMatch(/<svg[\s>]/);
  });

  it('sent no request beyond 127.0.0.1 and logged no console or page error in the whole visit', () => {
    expect(probe.requests.length).toBeGreaterThan(3);
    expect(probe.problems()).toEqual({ outside: [], consoleErrors: [], pageErrors: [] });
  });

  it('a permalink restores the view: zone, chain, selected segment, overlays and language', async () => {
    const visit = await probePage(app.browser, 'permalink');
    try {
      const { page } = visit;
      const query = new URLSearchParams({
        zone: BAIYIN,
        chain: LITHIUM,
        segment: ANODE,
        overlays: 'party,talent',
        lang: 'en',
      });
      await page.goto(`${app.server.url}/map?${query.toString()}`);
      await waitForMap(page, LITHIUM);
      await waitForSelected(page, ANODE);
      await visit.screenshot('1-restored');
      expect({
        zone: await page.locator('#zone-select').inputValue(),
        chain: await page.locator('#chain-select').inputValue(),
        selected: await isSelected(page, ANODE),
        party: await page.locator('#overlay-party').isChecked(),
        talent: await page.locator('#overlay-talent').isChecked(),
        innovation: await page.locator('#overlay-innovation').isChecked(),
        lang: await documentLang(page),
      }).toEqual({
        zone: BAIYIN,
        chain: LITHIUM,
        selected: true,
        party: true,
        talent: true,
        innovation: false,
        lang: 'en',
      });
      expect(visit.problems()).toEqual({ outside: [], consoleErrors: [], pageErrors: [] });
    } finally {
      await visit.close();
    }
  });
});
