import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A file of an installed package, for the pages' assets (GraphiQL, cytoscape). Found from the package's
 * entry point up to the package.json that names it, because some packages (cytoscape) leave their
 * package.json out of `exports`. Resolved at start-up, so a missing file fails the start, not a page load.
 */
export function packageFile(pkg: string, file: string): string {
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
