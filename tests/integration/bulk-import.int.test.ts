import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applySchema } from '../../src/db/schema';
import { SeedValidationError } from '../../src/import/format';
import { SCALE_SOURCE, writeScaleSet, type ScaleReport } from '../../tools/synthetic/scale';
import { bulkImport } from '../../src/import/bulk';
import { graphCounts, resetDatabase, testGateway } from '../support/db';

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const CITE = SCALE_SOURCE;

/** The batched bulk import on the real database, with a generated set of 2,000 enterprises. */
describe('bulk import (real database, generated set)', () => {
  const gateway = testGateway(60_000);
  const root = mkdtempSync(path.join(tmpdir(), 'bulk-'));
  const set = path.join(root, 'set');
  let generated: ScaleReport;
  let expected: { nodes: number; relationships: number };

  /** A folder holding these CSV files, for one import. */
  const files = (name: string, content: Record<string, string>): string => {
    const dir = path.join(root, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(content)) writeFileSync(path.join(dir, file), text);
    return dir;
  };
  const refused = async (dir: string): Promise<SeedValidationError> => {
    const before = await graphCounts(gateway);
    const error = await bulkImport(gateway, [dir], { batchSize: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect(await graphCounts(gateway)).toEqual(before);
    return error as SeedValidationError;
  };

  beforeAll(async () => {
    await applySchema(gateway);
    await resetDatabase(gateway);
    generated = await writeScaleSet({ enterprises: 2000, seed: 11, outDir: set });
    const nodes = sum(generated.nodes);
    // Every node but the one Source also CITES it.
    expected = { nodes, relationships: sum(generated.relationships) + nodes - 1 };
  });
  afterAll(async () => {
    await gateway.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('validates everything in a dry run and writes nothing', async () => {
    const report = await bulkImport(gateway, [set], { dryRun: true });
    expect(report).toMatchObject({
      nodes: expected.nodes,
      relationships: sum(generated.relationships),
      written: false,
      batches: 0,
    });
    expect(await graphCounts(gateway)).toEqual({ nodes: 0, relationships: 0 });
  });

  it('writes exactly the generated set in small batches, and a second import changes no count', async () => {
    const report = await bulkImport(gateway, [set], { batchSize: 1000 });
    expect(report.written).toBe(true);
    expect(report.batches).toBeGreaterThan(expected.relationships / 1000);
    expect(await graphCounts(gateway)).toEqual(expected);
    await bulkImport(gateway, [set], { batchSize: 3000 });
    expect(await graphCounts(gateway)).toEqual(expected);
  });

  it('refuses a bad id among good rows, naming file, line and field', async () => {
    const dir = files('bad-id', {
      'firms.csv': `label,id,name,sources[]\nEnterprise,ent:good-one,好,${CITE}\nEnterprise,ent:Bad Id,坏,${CITE}\n`,
    });
    expect((await refused(dir)).problems).toEqual([
      expect.objectContaining({ file: 'firms.csv', record: 'line 3 ent:Bad Id', field: 'id' }),
    ]);
  });

  it('refuses an unknown label', async () => {
    const dir = files('bad-label', { 'firms.csv': `label,id,name,sources[]\nEnterprize,ent:x,X,${CITE}\n` });
    expect((await refused(dir)).problems).toEqual([
      expect.objectContaining({ file: 'firms.csv', record: 'line 2', field: '(label)' }),
    ]);
  });

  it('refuses a relationship to a node neither the input nor the database holds', async () => {
    const dir = files('dangling', {
      'supplies.csv': `type,from,to,sources[]\nSUPPLIES,ent:scale-1,ent:scale-2,${CITE}\nSUPPLIES,ent:scale-1,ent:nowhere,${CITE}\n`,
    });
    expect((await refused(dir)).problems).toEqual([
      expect.objectContaining({
        file: 'supplies.csv',
        record: 'line 3 ent:scale-1->ent:nowhere',
        field: 'to',
        message: 'no node has id ent:nowhere',
      }),
    ]);
  });

  it('refuses a second governing committee for a chain the database holds', async () => {
    const chain = readFileSync(path.join(set, 'n04-IndustryChain.csv'), 'utf8').split('\n')[1]?.split(',')[1];
    const dir = files('second-committee', {
      'a-orgs.csv': `label,id,name,kind,sources[]\nPartyOrganization,org:rival.jc,另一个联合党委,JOINT_COMMITTEE,${CITE}\n`,
      'b-governs.csv': `type,from,to,sources[]\nGOVERNS,org:rival.jc,${chain ?? ''},${CITE}\n`,
    });
    expect((await refused(dir)).problems).toEqual([
      expect.objectContaining({
        file: 'b-governs.csv',
        record: `line 2 org:rival.jc->${chain ?? ''}`,
        field: 'GOVERNS',
      }),
    ]);
  });

  it('keeps quotes, commas and line breaks of a CSV cell', async () => {
    const nameEn = 'Quote "Co.", Ltd.\nsecond line';
    const dir = files('quoted', {
      'firm.csv': `label,id,name,nameEn,sources[]\nEnterprise,ent:quoted,引号公司,"${nameEn.replace(/"/g, '""')}",${CITE}\n`,
      'located.csv': `type,from,to,sources[]\nLOCATED_IN,ent:quoted,park:scale-n001,${CITE}\n`,
    });
    const report = await bulkImport(gateway, [dir], { batchSize: 1 });
    expect(report).toMatchObject({ nodes: 1, relationships: 1, written: true });
    const [row] = await gateway.read({
      name: 'test/bulk-quoted',
      cypher:
        "MATCH (e:Enterprise {id: 'ent:quoted'})-[:LOCATED_IN]->(p:Park) RETURN e.nameEn AS nameEn, p.id AS park",
    });
    expect(row).toEqual({ nameEn, park: 'park:scale-n001' });
  });
});
