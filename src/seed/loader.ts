import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineStatement } from '../db/cypher-files';
import type { Neo4jGateway } from '../db/neo4j';
import { fromRoot } from '../paths';
import { SeedValidationError, validateSeed, type SeedProblem } from '../import/format';
import { writeValidated, type LoadReport } from '../import/write-set';
import { SERVED_WRITES, type WriteSettings } from '../import/pipeline';

const SEED_DIR = fromRoot('seed', 'data');

const nodeCount = defineStatement('seed/nodeCount');

/** Reads every *.json file of a folder; a file that is not valid JSON is reported like any other problem. */
export function readSeedFiles(dir: string = SEED_DIR): { file: string; content: unknown }[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const parsed: { file: string; content: unknown }[] = [];
  const problems: SeedProblem[] = [];
  for (const file of files) {
    try {
      parsed.push({ file, content: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown });
    } catch (error) {
      problems.push({ file, record: '(file)', field: '(json)', message: (error as Error).message });
    }
  }
  if (problems.length > 0) throw new SeedValidationError(problems);
  return parsed;
}

/**
 * Validates every file of the folder, then writes the whole set in one transaction: a bad file leaves
 * the database exactly as it was.
 */
export async function loadSeed(
  gateway: Neo4jGateway,
  dir: string = SEED_DIR,
  settings: WriteSettings = SERVED_WRITES,
): Promise<LoadReport> {
  return loadFiles(gateway, readSeedFiles(dir), settings);
}

/**
 * The transaction limit of loading a whole data set (at start, `npm run seed`, generated sets): it is no
 * client's request, and on a database just started the first load spends most of its time compiling some
 * seventy statements on a cold JVM (15 s was passed that way under load, at NEO4J_TX_TIMEOUT_MS's default).
 */
const LOAD_TX_TIMEOUT_MS = 120_000;

/** Who loads a data set, for the change log: the service itself, or the command that asked. */
const SEED_ACTOR = { role: 'seed', name: null };

/** Validates and writes already-parsed files (generated data, imports) exactly as loadSeed does. */
export async function loadFiles(
  gateway: Neo4jGateway,
  files: { file: string; content: unknown }[],
  settings: WriteSettings = SERVED_WRITES,
): Promise<LoadReport> {
  return writeValidated(
    gateway,
    files.map((f) => f.file),
    validateSeed(files),
    { timeoutMs: LOAD_TX_TIMEOUT_MS, record: { op: 'SEED', actor: SEED_ACTOR }, settings },
  );
}

/** True when the database holds no node at all (Neo4j answers this from its count store). */
export async function isDatabaseEmpty(gateway: Neo4jGateway): Promise<boolean> {
  const [row] = await gateway.read(nodeCount());
  return row?.nodes === 0;
}
