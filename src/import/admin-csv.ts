/**
 * Validated records as the CSV files `neo4j-admin database import full` reads: one file per label (or
 * type and end labels) and per *signature*, the record's property names with the Neo4j type of each
 * value. A column of that format has one type and an empty cell means "absent", whereas the online
 * import stores each value as the driver sends it (a whole number as an integer, any other as a float,
 * nulls not at all); splitting by signature gives every record exactly the properties and types the
 * online path would, without a first pass to learn the columns.
 */
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { NodeLabel } from '../model/registry';

/** Between the items of a list cell: a control character, which the validator refuses inside any string. */
export const ARRAY_DELIMITER = '\u001F';

export interface AdminFile {
  /** `Label` for nodes, `TYPE` for relationships, as the importer's `--nodes=Label=file` wants. */
  group: string;
  file: string;
  /** Holds a line break inside a value, so the importer must parse it with multi-line fields. */
  multiline: boolean;
  rows: number;
}

export interface AdminCsvSet {
  dir: string;
  nodes: AdminFile[];
  relationships: AdminFile[];
}

/** Bytes buffered per file before a write: large writes, few system calls. */
const FLUSH_AT = 1 << 20;

interface OpenFile extends AdminFile {
  fd: number;
  buffer: string[];
  size: number;
}

/** The importer's type of one value; undefined for an empty list, whose element type nothing says. */
function typeOf(value: unknown): string | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  // The driver's conversion (db/driver.ts toDriverParams): safe integers go as Integer, others as Float.
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'long' : 'double';
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    const items = new Set(value.map(typeOf));
    if (items.size === 2 && items.has('long') && items.has('double')) return 'double[]';
    return items.size === 1 ? `${[...items][0]}[]` : undefined;
  }
  return undefined;
}

/** A cell: strings quoted (quotes doubled), so commas and an empty string survive; lists joined. */
function cell(value: unknown): string {
  if (typeof value === 'string') return `"${value.replaceAll('"', '""')}"`;
  if (Array.isArray(value)) return cell(value.map((v) => String(v)).join(ARRAY_DELIMITER));
  return String(value);
}

const hasBreak = (value: unknown): boolean =>
  typeof value === 'string'
    ? /[\r\n]/.test(value)
    : Array.isArray(value) && value.some((v) => typeof v === 'string' && /[\r\n]/.test(v));

/** Writes the files of one import; `close` ends them and tells the importer's arguments. */
export class AdminCsvWriter {
  private readonly files = new Map<string, OpenFile>();
  private readonly kinds = new Map<string, 'node' | 'relationship'>();
  private count = 0;

  constructor(readonly dir: string) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }

  /** A node as mergeNodes writes it: every property but nulls, `id` the key of its label's id space. */
  node(label: NodeLabel, record: Record<string, unknown>): void {
    const { names, types, values, multiline } = this.columns(record, ['id']);
    const key = `n|${label}|${names.map((n, i) => `${n}:${types[i]}`).join(',')}|${multiline}`;
    const header = [`id:ID(${label})`, ...names.map((n, i) => `${n}:${types[i]}`)];
    this.write(key, 'node', label, header, [cell(record.id), ...values], multiline);
  }

  /** A relationship as mergeRelationships writes it, its ends named in their labels' id spaces. */
  relationship(type: string, from: NodeLabel, to: NodeLabel, record: Record<string, unknown>): void {
    const { names, types, values, multiline } = this.columns(record, ['from', 'to']);
    const props = names.map((n, i) => `${n}:${types[i]}`);
    const key = `r|${type}|${from}|${to}|${props.join(',')}|${multiline}`;
    const header = [`:START_ID(${from})`, `:END_ID(${to})`, ...props];
    this.write(key, 'relationship', type, header, [cell(record.from), cell(record.to), ...values], multiline);
  }

  /** Rows written so far. */
  get rows(): number {
    return this.count;
  }

  close(): AdminCsvSet {
    const set: AdminCsvSet = { dir: this.dir, nodes: [], relationships: [] };
    for (const [key, open] of this.files) {
      this.flush(open);
      closeSync(open.fd);
      const { group, file, multiline, rows } = open;
      (this.kinds.get(key) === 'node' ? set.nodes : set.relationships).push({ group, file, multiline, rows });
    }
    this.files.clear();
    return set;
  }

  private columns(record: Record<string, unknown>, keys: string[]) {
    const names: string[] = [];
    const types: string[] = [];
    const values: string[] = [];
    let multiline = false;
    for (const name of Object.keys(record).sort()) {
      const value = record[name];
      if (keys.includes(name) || value === null || value === undefined) continue;
      const type = typeOf(value);
      if (type === undefined)
        throw new AppError(
          'BAD_USER_INPUT',
          `${typeof record.id === 'string' ? record.id : `${String(record.from)}->${String(record.to)}`}: ${name} is an empty or mixed list, ` +
            'which the offline importer cannot store as the online import does; import this set without --initial',
        );
      names.push(name);
      types.push(type);
      values.push(cell(value));
      multiline ||= hasBreak(value);
    }
    return { names, types, values, multiline };
  }

  private write(
    key: string,
    kind: 'node' | 'relationship',
    group: string,
    header: string[],
    row: string[],
    multiline: boolean,
  ): void {
    let open = this.files.get(key);
    if (!open) {
      const file = path.join(this.dir, `${kind === 'node' ? 'n' : 'r'}${this.files.size}-${group}.csv`);
      open = { group, file, multiline, rows: 0, fd: openSync(file, 'w'), buffer: [], size: 0 };
      this.files.set(key, open);
      this.kinds.set(key, kind);
      open.buffer.push(`${header.join(',')}\n`);
    }
    const line = `${row.join(',')}\n`;
    open.buffer.push(line);
    open.size += line.length;
    open.rows += 1;
    this.count += 1;
    if (open.size >= FLUSH_AT) this.flush(open);
  }

  private flush(open: OpenFile): void {
    if (open.buffer.length === 0) return;
    writeSync(open.fd, open.buffer.join(''));
    open.buffer = [];
    open.size = 0;
  }
}
