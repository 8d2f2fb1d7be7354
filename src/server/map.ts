import type { Request, Response, Router } from 'express';
import express from 'express';
import compression from 'compression';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../paths';
import { pagePolicy } from './csp';

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

/**
 * A file of an installed package. cytoscape's `exports` hide its package.json, so the package's folder
 * is found by walking up from its entry point to the package.json that names it.
 */
function vendorPath(pkg: string, file: string): string {
  let dir = path.dirname(require.resolve(pkg));
  while (!isPackage(dir, pkg)) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${pkg}`);
    dir = parent;
  }
  const found = path.join(dir, file);
  if (!existsSync(found)) throw new Error(`${pkg} has no ${file}; reinstall the dependencies`);
  return found;
}

function isPackage(dir: string, pkg: string): boolean {
  const manifest = path.join(dir, 'package.json');
  return (
    existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === pkg
  );
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

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
  // Resolved once, at start-up: a missing package fails the start, not a planner's page load.
  const vendor = new Map(Object.entries(VENDOR).map(([name, a]) => [name, vendorPath(a.pkg, a.file)]));
  router.get(`${MAP_PATH}/vendor/:name`, (req: Request<{ name: string }>, res: Response, next) => {
    const file = vendor.get(req.params.name);
    if (!file) {
      next();
      return;
    }
    res.type('text/javascript').set('Cache-Control', 'public, max-age=86400').sendFile(file);
  });
  router.get(`${MAP_PATH}/app/:name`, (req: Request<{ name: string }>, res: Response, next) => {
    const name = req.params.name;
    const type = TYPES[path.extname(name)];
    // Names only, never paths: the parameter cannot climb out of the two folders.
    if (!type || !/^[a-z0-9-]+\.[a-z.]+$/.test(name)) {
      next();
      return;
    }
    const file = [path.join(WEB_DIST, name), path.join(WEB_STATIC, name)].find((f) => existsSync(f));
    if (!file) {
      next();
      return;
    }
    res.type(type).set('Cache-Control', 'no-cache').sendFile(file);
  });
  return router;
}
