/**
 * The records of import files, one at a time: CSV files are streamed row by row, JSON files (the seed
 * format, which cannot be streamed simply) are parsed whole. Each record says where it came from, so a
 * problem names the file and the line (CSV) or the path in the document (JSON).
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { csvRecord } from './csv';
import { readCsvRows } from './csv-stream';

export interface InputRecord {
  /** Node records carry a label, relationship records a type, both in `group`. */
  kind: 'node' | 'relationship';
  group: string;
  record: Record<string, unknown>;
  where: string;
}

/** Files and folders as a sorted list of .csv and .json files (a folder gives every one inside it). */
export function expandInputs(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) {
      out.push(
        ...readdirSync(p)
          .filter((f) => /\.(csv|json)$/i.test(f))
          .sort()
          .map((f) => path.join(p, f)),
      );
    } else if (statSync(p, { throwIfNoEntry: false })?.isFile()) out.push(p);
    else throw new AppError('BAD_USER_INPUT', `${p}: no such file or folder`);
  }
  for (const file of out)
    if (!/\.(csv|json)$/i.test(file))
      throw new AppError('BAD_USER_INPUT', `${file}: import takes .json or .csv files`);
  return out;
}

/** Which kinds of record a file holds: a CSV file one (by its first header cell), a JSON file both. */
export async function kindsOf(file: string): Promise<InputRecord['kind'][] | 'bad-header'> {
  if (!file.toLowerCase().endsWith('.csv')) return ['node', 'relationship'];
  for await (const row of readCsvRows(file)) {
    if (row.values[0] === 'label') return ['node'];
    if (row.values[0] === 'type') return ['relationship'];
    return 'bad-header';
  }
  return [];
}

/** Yields the records of one kind from a file. A bad header or bad JSON is one record with no group. */
export async function* readRecords(file: string, kind: InputRecord['kind']): AsyncGenerator<InputRecord> {
  if (file.toLowerCase().endsWith('.csv')) {
    let header: string[] | undefined;
    for await (const { line, values } of readCsvRows(file)) {
      if (!header) {
        header = values;
        if ((header[0] === 'label' ? 'node' : 'relationship') !== kind) return;
        continue;
      }
      yield { kind, group: values[0] ?? '', record: csvRecord(header, values), where: `line ${line}` };
    }
    return;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    yield { kind, group: '', record: {}, where: `(json) ${(error as Error).message}` };
    return;
  }
  const groups = (doc as Record<string, unknown> | null)?.[kind === 'node' ? 'nodes' : 'relationships'];
  if (typeof groups !== 'object' || groups === null) return;
  for (const [group, rows] of Object.entries(groups as Record<string, unknown>)) {
    if (!Array.isArray(rows)) {
      yield { kind, group, record: {}, where: `${kind === 'node' ? 'nodes' : 'relationships'}.${group}` };
      continue;
    }
    for (const [index, row] of rows.entries()) {
      yield {
        kind,
        group,
        record:
          typeof row === 'object' && row !== null && !Array.isArray(row)
            ? (row as Record<string, unknown>)
            : {},
        where: `${kind === 'node' ? 'nodes' : 'relationships'}.${group}[${index}]`,
      };
    }
  }
}

/** About how many records the files hold (CSV: lines less the header), to choose the import path. */
export async function countRecords(files: string[]): Promise<number> {
  let count = 0;
  for (const file of files) {
    if (file.toLowerCase().endsWith('.csv')) {
      let lines = 0;
      for await (const chunk of createReadStream(file)) {
        const buf = chunk as Buffer;
        for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) lines += 1;
      }
      count += Math.max(0, lines - 1);
    } else {
      try {
        const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown[]>>;
        for (const key of ['nodes', 'relationships'])
          for (const rows of Object.values(doc[key] ?? {})) count += Array.isArray(rows) ? rows.length : 0;
      } catch {
        // The chosen import reports the bad JSON with its file name.
      }
    }
  }
  return count;
}
