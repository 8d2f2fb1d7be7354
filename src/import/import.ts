/**
 * Bulk import of JSON or CSV files in the format of seed/: the whole input is validated first (against
 * the model, and against what the database already holds, so new rows may refer to existing nodes);
 * nothing is written unless all of it is valid; then it is written in one transaction with MERGE, so
 * importing the same files again changes nothing. A dry run makes the same writes and checks in a
 * transaction it rolls back, so it refuses exactly what the real run would refuse, and writes nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Neo4jGateway } from '../db/neo4j';
import { AppError } from '../errors';
import { csvToSeed } from './csv';
import { validateSeed, type SeedInput, type SeedSet } from './format';
import { existingIds } from './lookups';
import type { Actor } from '../history/change';
import { writeValidated } from './write-set';
import { SERVED_WRITES, type WriteSettings } from './pipeline';

export type ImportFile = SeedInput;

export interface ImportReport {
  files: string[];
  dryRun: boolean;
  nodes: number;
  /** Nodes whose id the database does not hold yet. */
  newNodes: number;
  relationships: number;
  written: boolean;
}

/** Parses an import file by its extension: .json (the seed format) or .csv (see csv.ts). */
export function parseImport(file: string, text: string): ImportFile {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv') return { file, ...csvToSeed(text) };
  if (extension === '.json') {
    try {
      // A byte-order mark is allowed, as in CSV: editors on Windows write one.
      return { file, content: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
    } catch (error) {
      throw new AppError('BAD_USER_INPUT', `${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  throw new AppError('BAD_USER_INPUT', `${file}: import takes .json or .csv files`);
}

export function readImportFile(file: string): ImportFile {
  return parseImport(path.basename(file), readFileSync(file, 'utf8'));
}

function idsOf(files: ImportFile[]): { defined: Set<string>; referenced: Set<string> } {
  const defined = new Set<string>();
  const referenced = new Set<string>();
  for (const { content } of files) {
    const doc = content as {
      nodes?: Record<string, { id?: unknown; sources?: unknown }[]>;
      relationships?: Record<string, { from?: unknown; to?: unknown; sources?: unknown }[]>;
    };
    for (const rows of Object.values(doc?.nodes ?? {})) {
      for (const row of Array.isArray(rows) ? rows : []) {
        if (typeof row?.id === 'string') defined.add(row.id);
        if (Array.isArray(row?.sources))
          for (const s of row.sources) if (typeof s === 'string') referenced.add(s);
      }
    }
    for (const rows of Object.values(doc?.relationships ?? {})) {
      for (const row of Array.isArray(rows) ? rows : []) {
        for (const end of [row?.from, row?.to]) if (typeof end === 'string') referenced.add(end);
        if (Array.isArray(row?.sources))
          for (const s of row.sources) if (typeof s === 'string') referenced.add(s);
      }
    }
  }
  return { defined, referenced };
}

/** Validates all files, then (unless a dry run) writes them in one transaction. */
export async function importFiles(
  gateway: Neo4jGateway,
  files: ImportFile[],
  dryRun: boolean,
  actor: Actor = { role: 'cli', name: null },
  settings: WriteSettings = SERVED_WRITES,
): Promise<ImportReport> {
  const { defined, referenced } = idsOf(files);
  const existing = await existingIds(
    gateway,
    [...referenced].filter((id) => !defined.has(id)),
  );
  const set: SeedSet = validateSeed(files, existing);
  // How many nodes are new is counted by the write itself (a dry run's too, before its rollback): a
  // look-up before it would cost a read of every id and could be wrong by the time the write commits.
  const load = await writeValidated(
    gateway,
    files.map((f) => f.file),
    set,
    { dryRun, record: { op: 'IMPORT', actor }, settings },
  );
  return {
    files: load.files,
    dryRun,
    nodes: load.nodes,
    newNodes: load.created,
    relationships: load.relationships,
    written: !dryRun,
  };
}
