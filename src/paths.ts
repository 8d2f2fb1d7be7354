import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository root, found by walking up to package.json: the same code runs from src/ under ts-jest
 * and from dist/src/ when built, so relative paths from __dirname would differ.
 */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

const PROJECT_ROOT = findRoot(__dirname);

/** Resolves a path inside the repository. */
export const fromRoot = (...parts: string[]): string => path.join(PROJECT_ROOT, ...parts);
