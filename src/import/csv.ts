import { propertyRules, type PropertyRule, type Report } from '../model/properties';
import { parseRecord, type CsvRow } from './csv-stream';

/**
 * CSV in the import format: one file holds nodes (first column `label`) or relationships (first column
 * `type`). A column whose name ends in `[]` holds a list separated by `;` (`sources[]`, `aliases[]`); a
 * cell is read as the type its property is declared with (model/properties.ts), so `123` stays text
 * in a text property and `abc` in a number property is refused rather than stored; an undeclared
 * column reads `true` and `false` as booleans and plain numbers as numbers; an empty cell is no value.
 * Parsing follows RFC 4180: quoted fields may hold commas, quotes ("") and newlines.
 */
function parseCsvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let line = 1;
  for (let pos = 0; pos < text.length;) {
    // With `final` set the parser always returns: the end of the text ends the last record.
    const parsed = parseRecord(text, pos, true);
    if (!parsed) break;
    if (parsed.open) rows.push({ line, values: parsed.values, open: true });
    else if (parsed.values.some((f) => f !== '')) rows.push({ line, values: parsed.values });
    line += parsed.lines;
    pos = parsed.next;
  }
  return rows;
}

/** The rows of a CSV text, as cells. */
export function parseCsv(text: string): string[][] {
  return parseCsvRows(text).map((row) => row.values);
}

export interface CsvHeader {
  kind: 'node' | 'relationship';
  columns: { name: string; list: boolean }[];
}

const COLUMN = /^[a-z][A-Za-z0-9]*(\[\])?$/;

/** The header row: what the file holds and its columns; problems name the column (field) at fault. */
export function csvHeader(values: readonly string[], report: Report): CsvHeader | undefined {
  const [first, ...rest] = values;
  if (first !== 'label' && first !== 'type') {
    report('(header)', 'a CSV file starts with a label column (nodes) or a type column (relationships)');
    return undefined;
  }
  const seen = new Set<string>();
  let ok = true;
  const columns = rest.map((column, index) => {
    const name = column.endsWith('[]') ? column.slice(0, -2) : column;
    if (!COLUMN.test(column)) {
      report(column || `(column ${index + 2})`, 'column names are lowerCamelCase ASCII, lists ending in []');
      ok = false;
    } else if (seen.has(name) || name === 'label' || name === 'type') {
      report(column, 'appears twice in the header');
      ok = false;
    }
    seen.add(name);
    return { name, list: column.endsWith('[]') };
  });
  return ok ? { kind: first === 'label' ? 'node' : 'relationship', columns } : undefined;
}

function guessed(value: string): string | number | boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** A cell as its declared type; a cell that cannot be one stays text, for the rule to refuse. */
function typed(rule: PropertyRule | undefined, value: string): unknown {
  if (!rule) return guessed(value);
  switch (rule.type) {
    case 'string':
      return value;
    case 'int':
    case 'number':
      return /^-?(0|[1-9]\d*)(\.\d+)?$/.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'stringList':
      return split(value);
    default: {
      const never: never = rule.type;
      return never;
    }
  }
}

const split = (value: string): string[] =>
  value
    .split(';')
    .map((v) => v.trim())
    .filter(Boolean);

/** One CSV row as a record under its header (the first cell, its label or type, is the group). */
export function csvRecord(
  header: CsvHeader,
  row: CsvRow,
  report: Report,
): { group: string; record: Record<string, unknown> } {
  const { values } = row;
  const group = values[0] ?? '';
  if (row.open) report('(row)', 'a quoted field is not closed: the row runs to the end of the file');
  if (values.length !== header.columns.length + 1)
    report('(row)', `has ${values.length} cells; the header has ${header.columns.length + 1}`);
  const rules = propertyRules(header.kind, group);
  const record: Record<string, unknown> = {};
  header.columns.forEach(({ name, list }, i) => {
    const value = values[i + 1] ?? '';
    if (value === '') return;
    const rule = rules[name];
    if (list) {
      if (rule && rule.type !== 'stringList') report(name, 'is not a list: name its column without []');
      record[name] = split(value);
    } else record[name] = name === 'sources' ? split(value) : typed(rule, value);
  });
  return { group, record };
}

/** A parsed CSV text: its records by group, each with the line it starts on, and what was wrong with its form. */
export interface CsvDocument {
  content: { nodes?: Record<string, unknown[]>; relationships?: Record<string, unknown[]> };
  /** Where the record of a group at an index came from (`line 3`). */
  lines: Map<string, number[]>;
  problems: { record: string; field: string; message: string }[];
}

/** A CSV text as a seed-format object, ready for the same validation as JSON files. */
export function csvToSeed(text: string): CsvDocument {
  const problems: CsvDocument['problems'] = [];
  const [first, ...rows] = parseCsvRows(text.replace(/^\uFEFF/, ''));
  const header = first
    ? csvHeader(first.values, (field, message) => problems.push({ record: 'line 1', field, message }))
    : undefined;
  if (!first) problems.push({ record: 'line 1', field: '(header)', message: 'the file is empty' });
  if (!header) return { content: {}, lines: new Map(), problems };
  const groups: Record<string, unknown[]> = {};
  const lines = new Map<string, number[]>();
  for (const row of rows) {
    const where = `line ${row.line}`;
    const { group, record } = csvRecord(header, row, (field, message) =>
      problems.push({ record: where, field, message }),
    );
    (groups[group] ??= []).push(record);
    const list = lines.get(group) ?? [];
    list.push(row.line);
    lines.set(group, list);
  }
  return {
    content: header.kind === 'node' ? { nodes: groups } : { relationships: groups },
    lines,
    problems,
  };
}
