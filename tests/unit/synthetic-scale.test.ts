import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateSeed } from '../../src/import/format';
import { SCALE_SOURCE, writeScaleSet, type ScaleReport } from '../../tools/synthetic/scale';
import { readImportFile } from '../../src/import/import';

const ENTERPRISES = 2000;

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of readdirSync(dir).sort())
    out[file] = createHash('sha256')
      .update(readFileSync(path.join(dir, file)))
      .digest('hex');
  return out;
}

/** The national-scale generator at a small size: deterministic, valid, and shaped as intended. */
describe('synthetic scale set', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'scale-'));
  const dir = (name: string): string => path.join(root, name);
  let report: ScaleReport;
  beforeAll(async () => {
    report = await writeScaleSet({ enterprises: ENTERPRISES, seed: 7, outDir: dir('a') });
    await writeScaleSet({ enterprises: ENTERPRISES, seed: 7, outDir: dir('b') });
    await writeScaleSet({ enterprises: ENTERPRISES, seed: 8, outDir: dir('c') });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes byte-identical files for the same options, and different ones for another seed', () => {
    expect(digest(dir('b'))).toEqual(digest(dir('a')));
    expect(digest(dir('c'))['r12-SUPPLIES.csv']).not.toEqual(digest(dir('a'))['r12-SUPPLIES.csv']);
  });

  it('passes the model validation, every record citing the synthetic source', () => {
    const files = report.files.map((f) => readImportFile(path.join(dir('a'), f)));
    const set = validateSeed(files);
    expect(set.nodes.get('Enterprise')).toHaveLength(ENTERPRISES);
    expect(set.nodes.get('Source')?.map((s) => s.id)).toEqual([SCALE_SOURCE]);
    for (const rows of set.nodes.values())
      for (const row of rows) if (row.id !== SCALE_SOURCE) expect(row.sources).toEqual([SCALE_SOURCE]);
  });

  it('has 178 national and 89 provincial zones with 3 to 8 parks each, and one committee per chain', () => {
    const parks = readFileSync(path.join(dir('a'), 'n01-Park.csv'), 'utf8').split('\n');
    expect(parks.filter((l) => l.includes(',ZONE,NATIONAL,'))).toHaveLength(178);
    expect(parks.filter((l) => l.includes(',ZONE,PROVINCIAL,'))).toHaveLength(89);
    expect(report.relationships.PART_OF).toBeGreaterThanOrEqual(267 * 3);
    expect(report.relationships.PART_OF).toBeLessThanOrEqual(267 * 8);
    expect(report.relationships.GOVERNS).toBe(report.nodes.IndustryChain);
    expect(report.relationships.HAS_SEGMENT).toBe(70);
  });

  it('has about five supply edges per enterprise, with a heavily skewed out-degree', () => {
    const supplies = report.relationships.SUPPLIES ?? 0;
    expect(supplies / ENTERPRISES).toBeGreaterThan(4);
    expect(supplies / ENTERPRISES).toBeLessThan(6);
    const degree = new Map<string, number>();
    const lines = readFileSync(path.join(dir('a'), 'r12-SUPPLIES.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    for (const line of lines) {
      const from = line.split(',')[1] ?? '';
      degree.set(from, (degree.get(from) ?? 0) + 1);
    }
    const max = Math.max(...degree.values());
    // A power-law tail: the best-connected supplier has many times the mean.
    expect(max).toBeGreaterThan(8 * (supplies / ENTERPRISES));
  });
});
