import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SeedValidationError } from '../../src/import/format';
import { importFiles, readImportFile } from '../../src/import/import';
import { graphCounts, testGateway } from '../support/db';
import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';

const fixture = (name: string): string => path.join(__dirname, '..', 'fixtures', 'import', name);
const EDITOR = 'editor-key-0123456789abcdef';

/** Bulk import on the real database: JSON and CSV, dry run, idempotence, all-or-nothing. */
describe('bulk import (real database, curated data)', () => {
  const gateway = testGateway();
  let server: TestServer;
  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR}` });
  });
  afterAll(async () => {
    await server.close();
    await gateway.close();
  });

  it('reports what a dry run would add, and writes nothing', async () => {
    const before = await graphCounts(gateway);
    const report = await importFiles(gateway, [readImportFile(fixture('firms.json'))], true);
    expect(report).toMatchObject({ dryRun: true, nodes: 1, newNodes: 1, relationships: 2, written: false });
    expect(await graphCounts(gateway)).toEqual(before);
  });

  it('imports JSON that refers to existing nodes, and a second import changes nothing', async () => {
    const before = await graphCounts(gateway);
    const report = await importFiles(gateway, [readImportFile(fixture('firms.json'))], false);
    expect(report).toMatchObject({ written: true, newNodes: 1 });
    const after = await graphCounts(gateway);
    // One node; LOCATED_IN, OPERATES_IN and its CITES edge.
    expect(after).toEqual({
      nodes: Number(before.nodes) + 1,
      relationships: Number(before.relationships) + 3,
    });
    const again = await importFiles(gateway, [readImportFile(fixture('firms.json'))], false);
    expect(again.newNodes).toBe(0);
    expect(await graphCounts(gateway)).toEqual(after);
  });

  it('imports CSV with quoted commas, booleans and lists', async () => {
    await importFiles(gateway, [readImportFile(fixture('firms.csv'))], false);
    const [row] = await gateway.read({
      name: 'test/import-csv',
      cypher:
        "MATCH (e:Enterprise {id: 'ent:import.cell-co'}) RETURN e.nameEn AS nameEn, e.highTech AS highTech, e.sources AS sources",
    });
    expect(row).toEqual({
      nameEn: 'Imported Cell Co., Ltd.',
      highTech: true,
      sources: ['source:003-baiyin-party-chain'],
    });
  });

  it('refuses a CSV file with one bad row among good ones, naming the row and field, and writes none of it', async () => {
    const before = await graphCounts(gateway);
    const error = await importFiles(gateway, [readImportFile(fixture('firms-bad.csv'))], false).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).problems).toEqual([
      expect.objectContaining({
        file: 'firms-bad.csv',
        record: 'line 3 ent:import.bad-one',
        field: 'name',
      }),
    ]);
    expect(await graphCounts(gateway)).toEqual(before);
  });

  it('imports through the importData mutation, and refuses the bad file with BAD_USER_INPUT', async () => {
    const send = async (content: string, format: string): Promise<GraphQLBody> => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR}` },
        body: JSON.stringify({
          query:
            'mutation ($c: String!, $f: ImportFormat!) { importData(format: $f, content: $c, dryRun: true) { nodes newNodes written } }',
          variables: { c: content, f: format },
        }),
      });
      return (await response.json()) as GraphQLBody;
    };
    const good = await send(readFileSync(fixture('firms.csv'), 'utf8'), 'CSV');
    expect(good.data?.importData).toEqual({ nodes: 2, newNodes: 0, written: false });
    const bad = await send(readFileSync(fixture('firms-bad.csv'), 'utf8'), 'CSV');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('ent:import.bad-one name: is required');
  });
});
