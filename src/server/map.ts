import type { Request, Response, Router } from 'express';
import express from 'express';
import compression from 'compression';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../paths';
import { pagePolicy } from './csp';
import { packageFile } from './package-file';

/**
 * The chain map page (web/): a static page that reads everything through the public GraphQL endpoint,
 * so it can do nothing an integrator cannot. Like the IDE it is served from this package alone: the
 * drawing library comes from node_modules, and the Content-Security-Policy makes the browser refuse
 * anything from another host.
 */
export const MAP_PATH = '/map';

const VENDOR: Record<string, { pkg: string; file: string }> = {
  'cytoscape.js': { pkg: 'cytoscape', file: 'dist/cytoscape.min.js' },
  'cytoscape-dagre.js': { pkg: 'cytoscape-dagre', file: 'dist/cytoscape-dagre.min.js' },
  'cytoscape-svg.js': { pkg: 'cytoscape-svg', file: 'cytoscape-svg.js' },
};

// PNG export draws to a data: URL; downloads go through blob: URLs.
const MAP_CSP = pagePolicy(["'self'", 'data:', 'blob:']);

/** The compiled page scripts (tsc, web/tsconfig.json) and the page's own HTML and CSS. */
export const WEB_DIST = fromRoot('dist', 'web');
const WEB_STATIC = fromRoot('web', 'static');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

interface Asset {
  file: string;
  type: string;
  cache: string;
}

/**
 * Every file the page may load, by URL path, listed once at start-up: the drawing library under
 * /map/vendor/, and the compiled scripts and the stylesheet under /map/app/ (the page's own files may
 * change with a rebuild, so they are revalidated; the library is cached for a day).
 */
function assetTable(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, { pkg, file }] of Object.entries(VENDOR))
    assets.set(`${MAP_PATH}/vendor/${name}`, {
      file: packageFile(pkg, file),
      type: 'text/javascript',
      cache: 'public, max-age=86400',
    });
  for (const dir of [WEB_STATIC, WEB_DIST]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const type = TYPES[path.extname(name)];
      if (type)
        assets.set(`${MAP_PATH}/app/${name}`, { file: path.join(dir, name), type, cache: 'no-cache' });
    }
  }
  return assets;
}

/** Serves /map, its scripts under /map/app/ and the drawing library under /map/vendor/. */
export function mapRouter(graphqlPath: string): Router {
  const router = express.Router();
  // Text assets shrink to about a quarter (cytoscape: 434 KB, about 135 KB gzipped).
  router.use(MAP_PATH, compression());
  const html = readFileSync(path.join(WEB_STATIC, 'map.html'), 'utf8').replace(
    '__GRAPHQL_PATH__',
    graphqlPath,
  );
  router.get(MAP_PATH, (_req: Request, res: Response) => {
    res.set('Content-Security-Policy', MAP_CSP).set('Cache-Control', 'no-cache').type('html').send(html);
  });
  const assets = assetTable();
  router.get(`${MAP_PATH}/:folder/:name`, (req: Request, res: Response, next) => {
    // Looked up by the path as sent: an encoded `..` or any name not in the table is not found.
    const asset = assets.get(req.path);
    if (!asset) {
      next();
      return;
    }
    res.type(asset.type).set('Cache-Control', asset.cache).sendFile(asset.file);
  });
  return router;
}
