import { probePage, type PageProbe } from './support/browser';
import { startBrowserApp, type BrowserApp } from './support/app';

/**
 * The IDE in a real chromium: it loads from the package's own assets, answers a query, sends nothing
 * beyond loopback and logs no error. It also proves the browser harness the map's test relies on.
 */
describe('GraphiQL at /graphql (chromium)', () => {
  let app: BrowserApp;
  let probe: PageProbe;

  beforeAll(async () => {
    app = await startBrowserApp();
    probe = await probePage(app.browser, 'graphiql');
  }, 120_000);
  afterAll(async () => {
    await probe?.close();
    await app?.close();
  });

  it('loads, runs the open tab against the service, and stays on loopback without errors', async () => {
    const { page } = probe;
    const introspection = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && r.request().method() === 'POST',
    );
    const response = await page.goto(`${app.server.url}/graphql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.locator('.graphiql-container').waitFor();
    expect((await introspection).status()).toBe(200);
    await probe.screenshot('1-loaded');

    const answer = page.waitForResponse(
      (r) =>
        r.url().endsWith('/graphql') &&
        r.request().method() === 'POST' &&
        !(r.request().postData() ?? '').includes('IntrospectionQuery'),
    );
    await page.locator('.graphiql-execute-button').click();
    const body = (await (await answer).json()) as { data?: unknown; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data).toBeTruthy();
    await page.locator('.graphiql-response .CodeMirror-code').filter({ hasText: '"data"' }).waitFor();
    await probe.screenshot('2-answered');

    expect(probe.requests.length).toBeGreaterThan(3);
    expect(probe.problems()).toEqual({ outside: [], consoleErrors: [], pageErrors: [] });
  });

  it('the probe catches a request to another host and aborts it', async () => {
    const other = await probePage(app.browser, 'probe-check');
    try {
      await other.page.goto(`${app.server.url}/health`);
      await other.page.evaluate(() => fetch('http://192.0.2.1/x').catch(() => undefined));
      expect(other.problems().outside).toEqual(['http://192.0.2.1/x']);
      expect(other.requests[0]).toBe(`${app.server.url}/health`);
    } finally {
      await other.close();
    }
  });
});
