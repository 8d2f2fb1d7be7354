import path from 'node:path';
import { applySchema } from '../../src/db/schema';
import { SeedValidationError } from '../../src/import/format';
import { isDatabaseEmpty, loadSeed } from '../../src/seed/loader';
import { graphCounts, resetDatabase, testGateway } from '../support/db';

const fixture = (name: string): string => path.join(__dirname, '..', 'fixtures', name);

async function rejection(promise: Promise<unknown>): Promise<SeedValidationError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SeedValidationError);
  return error as SeedValidationError;
}

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
      relationships: 4,
    });
    const first = await graphCounts(gateway);
    // Four relationships from the files, and a CITES edge from each of the four non-Source nodes.
    expect(first).toEqual({ nodes: 5, relationships: 8 });
    expect(await isDatabaseEmpty(gateway)).toBe(false);

    await loadSeed(gateway, fixture('seed-ok'));
    expect(await graphCounts(gateway)).toEqual(first);
  });

  it('writes properties, relationship properties and the CITES edges to the source', async () => {
    await loadSeed(gateway, fixture('seed-ok'));
    const [row] = await gateway.read({
      name: 'test/read-back',
      cypher:
        "MATCH (b:Enterprise {id: 'ent:test-b'})-[s:SUPPLIES]->(a:Enterprise)-[:LOCATED_IN]->(p:Park)-[:PART_OF]->(z:Park) " +
        'MATCH (a)-[:CITES]->(src:Source) ' +
        'RETURN s.product AS product, s.sources AS relSources, a.tags AS tags, a.highTech AS highTech, ' +
        'b.employees AS employees, z.nameEn AS zone, src.author AS author',
    });
    expect(row).toEqual({
      product: '己二酸',
      relSources: ['source:test'],
      tags: ['链主', '专精特新'],
      highTech: true,
      employees: 120,
      zone: 'Test High-tech Zone',
      author: '测试',
    });
  });

  it('refuses a dangling reference, naming file, record and field, and writes nothing', async () => {
    const error = await rejection(loadSeed(gateway, fixture('seed-dangling')));
    expect(error.message).toContain(
      'a.json relationships.PART_OF[0] park:lonely->park:nowhere to: no node has id park:nowhere',
    );
    expect(await graphCounts(gateway)).toEqual({ nodes: 0, relationships: 0 });
  });

  it('refuses a file that is not JSON, even when the other files are good, and writes nothing', async () => {
    const error = await rejection(loadSeed(gateway, fixture('seed-badjson')));
    expect(error.problems[0]).toMatchObject({ file: 'b-broken.json', field: '(json)' });
    expect(await graphCounts(gateway)).toEqual({ nodes: 0, relationships: 0 });
  });

  it('refuses two governing committees for one chain within a set', async () => {
    const error = await rejection(loadSeed(gateway, fixture('seed-two-committees')));
    expect(error.problems).toEqual([
      expect.objectContaining({ record: 'chain:test-zone.nylon66', field: 'GOVERNS' }),
    ]);
    expect(await graphCounts(gateway)).toEqual({ nodes: 0, relationships: 0 });
  });

  it('refuses a second committee for a chain the database already has governed, and rolls back', async () => {
    await loadSeed(gateway, fixture('seed-governed'));
    const before = await graphCounts(gateway);
    const error = await rejection(loadSeed(gateway, fixture('seed-second-committee')));
    expect(error.problems).toEqual([
      // Found by the database's check, and named by the input row that caused it.
      expect.objectContaining({
        file: 'a.json',
        record: 'relationships.GOVERNS[0] org:test-b->chain:test-zone.nylon66',
        field: 'GOVERNS',
      }),
    ]);
    expect(await graphCounts(gateway)).toEqual(before);
  });

  it('refuses a cycle in segment flow', async () => {
    const error = await rejection(loadSeed(gateway, fixture('seed-feeds-cycle')));
    expect(error.problems).toEqual([
      expect.objectContaining({
        record: 'relationships.FEEDS[1] seg:test.b->seg:test.a',
        field: 'FEEDS',
        message: 'forms a cycle: seg:test.a -> seg:test.b -> seg:test.a',
      }),
    ]);
    expect(await graphCounts(gateway)).toEqual({ nodes: 0, relationships: 0 });
  });
});
