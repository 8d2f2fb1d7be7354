import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCsv } from '../../src/import/csv';
import { readCsvRows, type CsvRow } from '../../src/import/csv-stream';

async function rows(file: string): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const row of readCsvRows(file)) out.push(row);
  return out;
}

/** The streaming reader agrees with parseCsv, across its 1 MiB chunk boundaries too. */
describe('readCsvRows', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'csv-stream-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads quoted commas, quotes, line breaks and CRLF, with the line each row starts on', async () => {
    const file = path.join(dir, 'small.csv');
    writeFileSync(
      file,
      '\uFEFFlabel,id,name\r\nEnterprise,ent:a,"A, ""B""\nC"\r\n\r\nEnterprise,ent:b,plain',
    );
    expect(await rows(file)).toEqual([
      { line: 1, values: ['label', 'id', 'name'] },
      { line: 2, values: ['Enterprise', 'ent:a', 'A, "B"\nC'] },
      { line: 5, values: ['Enterprise', 'ent:b', 'plain'] },
    ]);
  });

  it('gives the same rows as parseCsv for a file of several chunks', async () => {
    const lines = ['type,from,to,note'];
    for (let i = 0; i < 100_000; i += 1)
      lines.push(
        i % 7 === 0
          ? `SUPPLIES,ent:${i},ent:${i + 1},"x, ""${i}""\ny"`
          : `SUPPLIES,ent:${i},ent:${i + 1},n${i}`,
      );
    const text = `${lines.join('\n')}\n`;
    const file = path.join(dir, 'large.csv');
    writeFileSync(file, text);
    expect(text.length).toBeGreaterThan(3 * 2 ** 20);
    expect((await rows(file)).map((r) => r.values)).toEqual(parseCsv(text));
  });
});
