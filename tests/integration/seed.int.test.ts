import path from 'node:path';
import { applySchema } from '../../src/db/schema';
import { SeedValidationError } from '../../src/seed/format';
import { isDatabaseEmpty, loadSeed, SEED_DIR } from '../../src/seed/loader';
import { graphCounts, resetDatabase, testGateway } from '../support/db';

const fixture = (name: string): string => path.join(__dirname, '..', 'fixtures', name);

describe('seed loader (real database)', () => {
  const gateway = testGateway();
  beforeAll(() => applySchema(gateway));
  beforeEach(() => resetDatabase(gateway));
  afterAll(() => gateway.close());

  it('loads a set into an empty database, and a second run changes no count', async () => {
    expect(await isDatabaseEmpty(gateway)).toBe(true);
    const report = await loadSeed(gateway, fixture('seed-ok'));
    expect(report).toMatchObject({
      files: ['a-parks.json', 'b-enterprises.json'],
      nodes: 5,
      relationships: 6,
    });
    const first = await graphCounts(gateway);
    expect(first).toEqual({ nodes: 5, relationships: 6 });
    expect(await isDatabaseEmpty(gateway)).toBe(false);

    await loadSeed(gateway, fixture('seed-ok'));
    expect(await graphCounts(gateway)).toEqual(first);
  });

  it('writes properties and relationship properties as the files give them', async () => {
    await loadSeed(gateway, fixture('seed-ok'));
    const [row] = await gateway.read({
      name: 'test/read-back',
      cypher:
        "MATCH (b:Enterprise {id: 'enterprise:test-b'})-[s:SUPPLIES]->(a:Enterprise)-[:LOCATED_IN]->(p:Park)-[:PART_OF]->(z:Park) " +
        'RETURN s.product AS product, a.tags AS tags, a.highTech AS highTech, b.employees AS employees, z.nameEn AS zone',
    });
    expect(row).toEqual({
      product: '己二酸',
      tags: ['链主', '专精特新'],
      highTech: true,
      employees: 120,
      zone: 'Test High-tech Zone',
    });
  });

  it('refuses a dangling reference, naming file, record and field, and writes nothing', async () => {
    const error = await loadSeed(gateway, fixture('seed-dangling')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).message).toContain(
      'a.json relationships.PART_OF[0] park:lonely->park:nowhere to: no node has id park:nowhere',
    );
    expect(await graphCounts(gateway)).toEqual({ nodes: 0, relationships: 0 });
  });

  it('refuses a file that is not JSON, even when the other files are good, and writes nothing', async () => {
    const error = await loadSeed(gateway, fixture('seed-badjson')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).problems[0]).toMatchObject({
      file: 'b-broken.json',
      field: '(json)',
    });
    expect(await graphCounts(gateway)).toEqual({ nodes: 0, relationships: 0 });
  });

  it('loads the shipped data set (empty until the curated data lands) without error', async () => {
    const report = await loadSeed(gateway, SEED_DIR);
    expect(await graphCounts(gateway)).toEqual({ nodes: report.nodes, relationships: report.relationships });
  });
});
