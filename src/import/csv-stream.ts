/**
 * Streaming CSV reading for files too large to hold as one string: rows come one at a time with the
 * physical line they start on, so a problem can name it. The record parser is parseCsv's too, so both
 * read alike (blank rows skipped); lines without a quote take a fast path, since that is nearly every
 * line of a large file.
 */
import { createReadStream } from 'node:fs';

export interface CsvRow {
  /** 1-based line the row starts on. */
  line: number;
  values: string[];
  /** Set when a quoted field is still open at the end of the file: the row swallowed the rest of it. */
  open?: true;
}

export interface Parsed {
  values: string[];
  next: number;
  lines: number;
  open?: true;
}

/**
 * Parses one record that starts at `pos` (RFC 4180: quoted fields may hold commas, quotes and line
 * breaks); undefined when the buffer ends inside it and more data may follow (`final` false).
 */
export function parseRecord(buf: string, pos: number, final: boolean): Parsed | undefined {
  const values: string[] = [];
  let field = '';
  let quoted = false;
  let lines = 0;
  for (let i = pos; i < buf.length; i += 1) {
    const c = buf[i];
    if (quoted) {
      if (c === '"' && buf[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        if (i + 1 >= buf.length && !final) return undefined;
        quoted = false;
      } else {
        if (c === '\n') lines += 1;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      values.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && i + 1 >= buf.length && !final) return undefined;
      const next = c === '\r' && buf[i + 1] === '\n' ? i + 2 : i + 1;
      values.push(field);
      return { values, next, lines: lines + 1 };
    } else field += c;
  }
  if (!final) return undefined;
  values.push(field);
  return quoted ? { values, next: buf.length, lines, open: true } : { values, next: buf.length, lines };
}

/** Yields the rows of a CSV file in order, reading it in 1 MiB chunks. */
export async function* readCsvRows(file: string): AsyncGenerator<CsvRow> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let buf = '';
  let line = 1;
  let first = true;
  const keep = (values: string[]): boolean => values.some((v) => v !== '');
  try {
    for await (const chunk of stream) {
      buf += chunk as string;
      if (first) {
        buf = buf.replace(/^\uFEFF/, '');
        first = false;
      }
      let pos = 0;
      // Where the next quote is, searched once per chunk rather than once per line.
      let quote = buf.indexOf('"');
      for (;;) {
        const nl = buf.indexOf('\n', pos);
        if (nl < 0) break;
        if (quote >= 0 && quote < pos) quote = buf.indexOf('"', pos);
        if (quote < 0 || quote > nl) {
          const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
          const values = buf.slice(pos, end).split(',');
          if (keep(values)) yield { line, values };
          line += 1;
          pos = nl + 1;
          continue;
        }
        const parsed = parseRecord(buf, pos, false);
        if (!parsed) break;
        if (keep(parsed.values)) yield { line, values: parsed.values };
        line += parsed.lines;
        pos = parsed.next;
      }
      buf = buf.slice(pos);
    }
    while (buf !== '') {
      const parsed = parseRecord(buf, 0, true);
      if (!parsed) break;
      if (parsed.open) yield { line, values: parsed.values, open: true };
      else if (keep(parsed.values)) yield { line, values: parsed.values };
      line += parsed.lines;
      buf = buf.slice(parsed.next);
    }
  } finally {
    stream.destroy();
  }
}
