/**
 * The records of import files, one at a time: CSV files are streamed row by row, JSON files (the seed
 * format, which cannot be streamed simply) are parsed whole. Each record says where it came from, so a
 * problem names the file and the line (CSV) or the path in the document (JSON).
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { normaliseRecord } from '../model/properties';
import { csvHeader, csvRecord, type CsvHeader } from './csv';
import { readCsvRows } from './csv-stream';
import { SHAPE } from './format';

export interface InputRecord {
  /** Node records carry a label, relationship records a type, both in `group`. */
  kind: 'node' | 'relationship';
  group: string;
  record: Record<string, unknown>;
  where: string;
  /** What was wrong with the record's form (row shape, header, JSON structure), found while reading. */
  problems?: { field: string; message: string }[];
  /** Not a record at all but a problem of the file (a bad header, bad JSON): nothing more to check. */
  fileProblem?: true;
}

/** The keys a JSON import file may have at its top level. */
const TOP_LEVEL = ['nodes', 'relationships', '$comment'];

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

/** Yields the records of one kind from a file, and the problems of its form as records that carry them. */
export async function* readRecords(file: string, kind: InputRecord['kind']): AsyncGenerator<InputRecord> {
  if (file.toLowerCase().endsWith('.csv')) {
    let header: CsvHeader | undefined;
    for await (const row of readCsvRows(file)) {
      if (!header) {
        const problems: { field: string; message: string }[] = [];
        header = csvHeader(row.values, (field, message) => problems.push({ field, message }));
        if (!header) {
          // kindsOf reported a header that names neither; any other fault is reported once, with the nodes.
          const other = row.values[0] === 'label' || row.values[0] === 'type';
          if (other && kind === 'node')
            yield { kind, group: '', record: {}, where: 'line 1', problems, fileProblem: true };
          return;
        }
        if (header.kind !== kind) return;
        continue;
      }
      const problems: { field: string; message: string }[] = [];
      const { group, record } = csvRecord(header, row, (field, message) => problems.push({ field, message }));
      yield { kind, group, record, where: `line ${row.line}`, ...(problems.length > 0 ? { problems } : {}) };
    }
    return;
  }
  const fileProblem = (where: string, field: string, message: string): InputRecord => ({
    kind,
    group: '',
    record: {},
    where,
    problems: [{ field, message }],
    fileProblem: true,
  });
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    if (kind === 'node') yield fileProblem('(file)', '(json)', (error as Error).message);
    return;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    if (kind === 'node') yield fileProblem('(file)', '(root)', SHAPE.document);
    return;
  }
  if (kind === 'node')
    for (const key of Object.keys(doc))
      if (!TOP_LEVEL.includes(key)) yield fileProblem('(file)', key, SHAPE.topLevelKey);
  const key = kind === 'node' ? 'nodes' : 'relationships';
  const groups = (doc as Record<string, unknown>)[key];
  if (groups === undefined) return;
  if (typeof groups !== 'object' || groups === null || Array.isArray(groups)) {
    yield fileProblem(key, '(list)', `must be an object of ${kind === 'node' ? 'labels' : 'types'}`);
    return;
  }
  for (const [group, rows] of Object.entries(groups as Record<string, unknown>)) {
    if (!Array.isArray(rows)) {
      yield fileProblem(`${key}.${group}`, '(list)', SHAPE.list);
      continue;
    }
    for (const [index, row] of rows.entries()) {
      const where = `${key}.${group}[${index}]`;
      if (typeof row === 'object' && row !== null && !Array.isArray(row))
        yield { kind, group, record: normaliseRecord(kind, group, row as Record<string, unknown>), where };
      else
        yield {
          kind,
          group,
          record: {},
          where,
          problems: [{ field: '(record)', message: SHAPE.record }],
          fileProblem: true,
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
        const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
        const doc = JSON.parse(text) as Record<string, Record<string, unknown[]>>;
        for (const key of ['nodes', 'relationships'])
          for (const rows of Object.values(doc[key] ?? {})) count += Array.isArray(rows) ? rows.length : 0;
      } catch {
        // The chosen import reports the bad JSON with its file name.
      }
    }
  }
  return count;
}
