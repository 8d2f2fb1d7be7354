/**
 * CSV files in the import format (src/import/csv.ts), written as a stream: rows are buffered in small
 * chunks and flushed with back-pressure, so a set of millions of rows never exists as one string.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

const FLUSH_CHARS = 1 << 20;

/** Quotes a cell only when it must be: commas, quotes and line breaks (RFC 4180). */
export function csvCell(value: string | number | boolean | readonly string[] | undefined): string {
  if (value === undefined) return '';
  const text = Array.isArray(value) ? value.join(';') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV file: a header, then rows of cells in the header's order. */
export class CsvWriter {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private size = 0;
  rows = 0;

  constructor(
    readonly path: string,
    readonly header: readonly string[],
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.buffer.push(`${header.join(',')}\n`);
  }

  /** Appends one row; resolves at once unless the buffer had to be flushed into a full stream. */
  async row(cells: readonly (string | number | boolean | readonly string[] | undefined)[]): Promise<void> {
    const line = `${cells.map(csvCell).join(',')}\n`;
    this.buffer.push(line);
    this.size += line.length;
    this.rows += 1;
    if (this.size >= FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  /** Flushes what is left and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(resolve);
    });
  }
}
