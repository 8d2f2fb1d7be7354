import { parseRecord } from './csv-stream';

/**
 * CSV in the import format: one file holds nodes of one label (first column `label`) or relationships
 * of one type (first column `type`). A column whose name ends in `[]` holds a list separated by `;`
 * (`sources[]`, `aliases[]`); `true` and `false` are booleans and plain numbers are numbers; an empty
 * cell is no value. Parsing follows RFC 4180: quoted fields may hold commas, quotes ("") and newlines.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (let pos = 0; pos < text.length;) {
    // With `final` set the parser always returns: the end of the text ends the last record.
    const parsed = parseRecord(text, pos, true);
    if (!parsed) break;
    if (parsed.values.some((f) => f !== '')) rows.push(parsed.values);
    pos = parsed.next;
  }
  return rows;
}

function cell(value: string): string | number | boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** One CSV row as a record under its header (the first column, label or type, is left out). */
export function csvRecord(header: readonly string[], values: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 1; i < header.length; i += 1) {
    const column = header[i] ?? '';
    const value = values[i] ?? '';
    if (value === '') continue;
    if (column.endsWith('[]'))
      record[column.slice(0, -2)] = value
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean);
    else record[column] = cell(value);
  }
  return record;
}

/** A CSV file as a seed-format object, ready for the same validation as JSON files. */
export function csvToSeed(text: string): {
  nodes?: Record<string, unknown[]>;
  relationships?: Record<string, unknown[]>;
} {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header || (header[0] !== 'label' && header[0] !== 'type')) {
    return { nodes: { '(csv header must start with label or type)': [] } };
  }
  const kind = header[0];
  const groups: Record<string, unknown[]> = {};
  for (const values of rows) {
    const group = values[0] ?? '';
    (groups[group] ??= []).push(csvRecord(header, values));
  }
  return kind === 'label' ? { nodes: groups } : { relationships: groups };
}
