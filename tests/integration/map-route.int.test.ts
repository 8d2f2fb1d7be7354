import { gunzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../support/server';

/** A URL that leaves this host: absolute http(s) or protocol-relative. */
const FOREIGN_URL = /(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i;
/** Code that would load a resource from another host: a dynamic import, a fetch, a src, a CSS url(). */
const FOREIGN_LOAD = /(?:import\(|importScripts\(|fetch\(|\bsrc\s*[=:]\s*|url\()\s*["'`]?(?:https?:)?\/\//;

/**
 * The chain map page as the server delivers it: from this host only, under a strict CSP, compressed, and
 * complete (every module the page imports is preloaded and served). tests/browser runs it in Chromium.
 */
describe('the chain map page (HTTP)', () => {
  let server: TestServer;
  let html: string;
  let csp: string | null;
  beforeAll(async () => {
    server = await startTestServer(undefined, { GRAPHQL_IDE: 'false' });
    const response = await fetch(`${server.url}/map`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    csp = response.headers.get('content-security-policy');
    html = await response.text();
  });
  afterAll(() => server.close());

  it('is served even where the IDE is off, under a CSP that allows this host only and no inline script', () => {
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(html).not.toMatch(FOREIGN_URL);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).toContain('data-graphql="/graphql"');
  });

  const assetsOf = (text: string): string[] =>
    [...text.matchAll(/(?:src|href)="([^"#]+)"/g)]
      .map((m) => m[1] ?? '')
      .filter((url) => url.startsWith('/'));

  it('serves every asset it names, with its type, none loading from another host', async () => {
    const assets = assetsOf(html);
    expect(assets).toEqual(
      expect.arrayContaining([
        '/map/vendor/cytoscape.js',
        '/map/vendor/cytoscape-dagre.js',
        '/map/app/main.js',
        '/map/app/map.css',
      ]),
    );
    for (const asset of assets.filter((a) => a.startsWith('/map/'))) {
      const response = await fetch(`${server.url}${asset}`);
      expect([asset, response.status]).toEqual([asset, 200]);
      expect(response.headers.get('content-type')).toMatch(
        asset.endsWith('.css') ? /text\/css/ : /javascript/,
      );
      expect([asset, FOREIGN_LOAD.test(await response.text())]).toEqual([asset, false]);
    }
  });

  it('preloads every module the page imports, so the list cannot go stale', async () => {
    const preloaded = new Set(
      [...html.matchAll(/rel="modulepreload" href="\/map\/app\/([^"]+)"/g)].map((m) => m[1]),
    );
    const imported = new Set<string>();
    const queue = ['main.js'];
    while (queue.length > 0) {
      const name = queue.pop() ?? '';
      const source = await (await fetch(`${server.url}/map/app/${name}`)).text();
      for (const m of source.matchAll(/from '\.\/([a-z0-9-]+\.js)'/g)) {
        if (!imported.has(m[1])) queue.push(m[1]);
        imported.add(m[1]);
      }
    }
    expect([...imported].sort()).toEqual([...preloaded].sort());
  });

  it('compresses what it sends', async () => {
    const response = await fetch(`${server.url}/map/vendor/cytoscape.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    // fetch decodes the body itself; the raw size is read through the arrayBuffer of a decoding-free request.
    const raw = await new Promise<Buffer>((resolve, reject) => {
      void import('node:http').then(({ get }) =>
        get(`${server.url}/map/vendor/cytoscape.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        }).on('error', reject),
      );
    });
    const plain = gunzipSync(raw);
    expect(plain.length).toBeGreaterThan(300_000);
    expect(raw.length).toBeLessThan(plain.length / 2);
  });

  it('serves nothing outside its files', async () => {
    for (const path of [
      '/map/app/..%2F..%2Fpackage.json',
      '/map/app/secret.env',
      '/map/vendor/react.js',
      '/map/app/map.html',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
    }
  });
});
