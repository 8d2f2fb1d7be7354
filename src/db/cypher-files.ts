import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../paths';
import type { Row, Statement } from './neo4j';

export const CYPHER_DIR = fromRoot('cypher');

/**
 * Splits a .cypher file into statements at semicolons that end a line, dropping `//` comment lines.
 * Statements must not put a semicolon at a line end inside a string; the schema files never need to.
 */
export function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Reads every statement of the .cypher files in a folder, in file-name order, each named file#n. */
export function readCypherFolder(folder: string): Statement[] {
  const dir = path.join(CYPHER_DIR, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .sort()
    .flatMap((file) =>
      splitStatements(readFileSync(path.join(dir, file), 'utf8')).map((cypher, i) => ({
        name: `${folder}/${file}#${i + 1}`,
        cypher,
      })),
    );
}

const named = new Map<string, string>();
const defined = new Set<string>();

function load(name: string): string {
  let cypher = named.get(name);
  if (cypher === undefined) {
    const file = path.join(CYPHER_DIR, 'queries', `${name}.cypher`);
    if (!existsSync(file)) throw new Error(`missing Cypher statement ${name} (${file})`);
    cypher = readFileSync(file, 'utf8').trim();
    named.set(name, cypher);
  }
  return cypher;
}

/**
 * Declares a statement kept in cypher/queries/<name>.cypher and returns its builder. Declaring at module
 * load lets `checkNamedStatements` read every one at boot, so a missing file stops the start, not a request.
 */
export function defineStatement<R extends object = Row>(
  name: string,
): (params?: Record<string, unknown>) => Statement<R> {
  defined.add(name);
  return (params = {}) => ({ name, cypher: load(name), params });
}

/**
 * A named statement built in code, the one way every statement whose shape depends on the request is
 * made: its name, its lines (fixed text, fragments of db/fragments.ts, projections of the read compiler
 * and the placeholders of its CypherBuilder), its parameters, and the row its RETURN clause promises.
 */
export function statement<R extends object = Row>(
  name: string,
  lines: readonly string[],
  params: Record<string, unknown> = {},
): Statement<R> {
  return { name, cypher: lines.join('\n'), params };
}

/** Reads every declared statement; throws naming the first missing file. Returns the names checked. */
export function checkNamedStatements(): string[] {
  for (const name of defined) load(name);
  return [...defined];
}
