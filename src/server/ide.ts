import type { Request, Response, Router } from 'express';
import express from 'express';
import compression from 'compression';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../paths';
import { pagePolicy } from './csp';
import { packageFile } from './package-file';

/**
 * GraphiQL served from this package's own node_modules: researchers often sit on closed networks, and
 * Apollo's default landing page loads Sandbox from a CDN. The Content-Security-Policy makes the browser
 * refuse anything from another host, so a dependency that tried would fail loudly in tests.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

const IDE_CSP = pagePolicy();

export const EXAMPLES_DIR = fromRoot('schema', 'examples');

/**
 * The saved example operations GraphiQL opens with: each file of schema/examples is one tab, its first
 * comment line the one-line description of the research question it answers.
 */
export function loadExamples(dir: string = EXAMPLES_DIR): { query: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => ({ query: readFileSync(path.join(dir, file), 'utf8') }));
}

/** The start-up script: no inline script, so the CSP can forbid inline code. */
function bootScript(endpoint: string, examples: { query: string }[]): string {
  return `'use strict';
(function () {
  var fetcher = GraphiQL.createFetcher({ url: new URL(${JSON.stringify(endpoint)}, window.location.href).href });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      defaultTabs: ${JSON.stringify(examples)},
      defaultQuery: '# Chain Party-building knowledge graph.\\n# Run this (Ctrl-Enter) to see what the service runs on.\\n\\n{\\n  serviceInfo {\\n    version\\n    neo4jVersion\\n    neo4jEdition\\n    database\\n  }\\n}\\n',
    }),
  );
})();
`;
}

function page(base: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Chain Party-building knowledge graph · GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${base}/graphiql.css" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${base}/react.js"></script>
    <script src="${base}/react-dom.js"></script>
    <script src="${base}/graphiql.js"></script>
    <script src="${base}/boot.js"></script>
  </body>
</html>
`;
}

/** True for a browser navigating to the endpoint, as opposed to a GraphQL client sending a GET query. */
function wantsIde(req: Request): boolean {
  return (
    req.method === 'GET' &&
    req.query.query === undefined &&
    req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html'
  );
}

/** Serves the IDE page and its assets; `assetBase` is the URL path under which the assets live. */
export function ideRouter(endpoint: string, assetBase = '/ide'): Router {
  const router = express.Router();
  const resolved = Object.fromEntries(
    Object.entries(ASSETS).map(([name, asset]) => [
      name,
      { ...asset, path: packageFile(asset.pkg, asset.file) },
    ]),
  );
  const html = page(assetBase);
  const boot = bootScript(endpoint, loadExamples());

  router.get(endpoint, (req: Request, res: Response, next) => {
    if (!wantsIde(req)) {
      next();
      return;
    }
    res.set('Content-Security-Policy', IDE_CSP).type('html').send(html);
  });
  // GraphiQL's bundle is 3.5 MB; gzipped it is 0.73 MB.
  router.use(assetBase, compression());
  router.get(`${assetBase}/boot.js`, (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'no-cache').send(boot);
  });
  router.get(`${assetBase}/:name`, (req: Request<{ name: string }>, res: Response, next) => {
    const asset = resolved[req.params.name];
    if (!asset) {
      next();
      return;
    }
    res.type(asset.type).set('Cache-Control', 'public, max-age=86400').sendFile(asset.path);
  });
  return router;
}
