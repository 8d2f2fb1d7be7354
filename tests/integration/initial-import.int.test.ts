import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/config/config';
import type { Neo4jGateway, Row } from '../../src/db/neo4j';
import { connectWhenReady, provision, stopManaged } from '../../src/db/provision';
import { applySchema } from '../../src/db/schema';
import { bulkImport } from '../../src/import/bulk';
import { SeedValidationError } from '../../src/import/format';
import { initialImport } from '../../src/import/initial';
import { SCALE_SOURCE, writeScaleSet } from '../../tools/synthetic/scale';
import { graphCounts, resetDatabase, testGateway } from '../support/db';
import { TEST_BOLT_PORT, testConfig } from '../support/test-config';

/** The offline importer's own instance: Neo4j Community holds one database, and the online one is jest's. */
const OFFLINE_PORT = process.env.TEST_NEO4J_OFFLINE_PORT ?? String(Number(TEST_BOLT_PORT) + 1000);

/** Values a CSV cell could mangle: commas, quotes, a line break, whole and fractional numbers, lists. */
const EDGE_CASES = {
  nodes: {
    Enterprise: [
      {
        id: 'ent:edge-1',
        name: '边界, "引号"\n第二行',
        sources: [SCALE_SOURCE, SCALE_SOURCE],
        ratio: 2.5,
        staff: 3,
        flags: [true, false],
        scores: [1, 2],
        shares: [0.5, 2],
        tags: ['a;b', 'c,d', ''],
        note: '',
      },
    ],
  },
  relationships: {
    SUPPLIES: [{ from: 'ent:edge-1', to: 'ent:scale-0', sources: [SCALE_SOURCE], product: '己二酸, 99%' }],
  },
};

/**
 * Every node with its labels, properties and each property's Neo4j type; every relationship likewise.
 * The change log is left out: its one IMPORT change differs in time and file paths, and is compared apart;
 * so is the aggregates' state (its time). The tallies are in: both paths must count the same.
 */
async function dump(gateway: Neo4jGateway): Promise<{ nodes: Row[]; relationships: Row[] }> {
  const nodes = await gateway.read({
    name: 'test/dump/nodes',
    cypher: `MATCH (n) WHERE NOT n:Change AND NOT n:ChangeLog AND NOT n:ChangeGate AND NOT n:Lease AND NOT n:TallyGate AND NOT n:AggregateState WITH n ORDER BY coalesce(n.id, n.key)
RETURN labels(n) AS labels, properties(n) AS props,
  [k IN apoc.coll.sort(keys(n)) | k + ':' + valueType(n[k])] AS types`,
  });
  const relationships = await gateway.read({
    name: 'test/dump/relationships',
    cypher: `MATCH (a)-[r]->(b) WITH a, r, b ORDER BY a.id, type(r), b.id
RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props,
  [k IN apoc.coll.sort(keys(r)) | k + ':' + valueType(r[k])] AS types`,
  });
  return { nodes, relationships };
}

/** The offline initial load against the online bulk import of the same files, on two real databases. */
describe('import --initial (neo4j-admin) on a real local Neo4j', () => {
  const online = testGateway(60_000);
  const root = mkdtempSync(path.join(tmpdir(), 'initial-'));
  const set = path.join(root, 'set');
  let config: Config;
  let offline: Neo4jGateway | undefined;

  const connectOffline = async (): Promise<Neo4jGateway> => {
    await offline?.close();
    offline = await connectWhenReady(await provision(config), config);
    return offline;
  };
  const folder = (name: string, files: Record<string, string>): string => {
    const dir = path.join(root, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    return dir;
  };

  beforeAll(async () => {
    config = testConfig({
      NEO4J_PROFILE: `${process.env.TEST_NEO4J_PROFILE ?? 'test'}-offline`,
      NEO4J_LOCAL_PORT: OFFLINE_PORT,
      NEO4J_PROVISION: 'local',
    });
    await writeScaleSet({ enterprises: 300, seed: 5, zones: 4, outDir: set });
    writeFileSync(path.join(set, 'z-edge-cases.json'), JSON.stringify(EDGE_CASES));
    await applySchema(online);
    await resetDatabase(online);
  }, 120_000);
  afterAll(async () => {
    await online.close();
    await offline?.close();
    if (config) await stopManaged(config);
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('writes the same graph as the online bulk import: labels, properties and their types, relationships', async () => {
    await bulkImport(online, [set]);
    const report = await initialImport(config, [set], { overwrite: true });
    expect(report.rows).toBeGreaterThan(report.nodes + report.relationships);
    const offlineDb = await connectOffline();
    const offlineDump = await dump(offlineDb);
    const onlineDump = await dump(online);
    expect(offlineDump.nodes.length).toBe(onlineDump.nodes.length);
    expect(offlineDump.relationships.length).toBe(onlineDump.relationships.length);
    expect(offlineDump).toEqual(onlineDump);
    // Each path logged the load as one IMPORT change, not one per row.
    const imports = (db: Neo4jGateway) =>
      db.read({ name: 'test/imports', cypher: 'MATCH (c:Change) RETURN c.op AS op, c.counts AS counts' });
    const [offlineImports, onlineImports] = [await imports(offlineDb), await imports(online)];
    expect(offlineImports.map((c) => c.op)).toEqual(['IMPORT']);
    expect(onlineImports.map((c) => c.op)).toEqual(['IMPORT']);
    // The schema is there and online, as the online path leaves it.
    const indexes = (db: Neo4jGateway) =>
      db.read({
        name: 'test/indexes',
        cypher:
          "SHOW INDEXES YIELD name, state WHERE name STARTS WITH 'enterprise' RETURN name, state ORDER BY name",
      });
    expect(await indexes(await connectOffline())).toEqual(await indexes(online));
  }, 600_000);

  it('refuses a database that holds nodes unless told to overwrite, touching nothing', async () => {
    const before = await graphCounts(await connectOffline());
    const error = await initialImport(config, [set]).catch((e: unknown) => e);
    expect(String(error)).toMatch(/holds \d+ nodes.*--overwrite/);
    expect(await graphCounts(await connectOffline())).toEqual(before);
  }, 300_000);

  it('refuses bad input with the validation error before the database is stopped or written', async () => {
    const gateway = await connectOffline();
    const before = await graphCounts(gateway);
    const bad = folder('bad', {
      'n-Enterprise.csv': `label,id,name,sources[]\nEnterprise,ent:bad-1,,${SCALE_SOURCE}\n`,
      'n-Source.csv': `label,id,name,file,author,kind\nSource,${SCALE_SOURCE},s,f,a,SYNTHETIC\n`,
      'r-SUPPLIES.csv': `type,from,to,sources[]\nSUPPLIES,ent:bad-1,ent:nowhere,${SCALE_SOURCE}\n`,
    });
    const error = await initialImport(config, [bad], { overwrite: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).message).toMatch(/name.*is required/);
    expect((error as SeedValidationError).message).toMatch(/no node has id ent:nowhere/);
    // The same connection still answers: the database was never stopped.
    expect(await graphCounts(gateway)).toEqual(before);
  }, 300_000);

  it('refuses a relationship given twice, which the online import would merge into one', async () => {
    const gateway = await connectOffline();
    const before = await graphCounts(gateway);
    const twice = folder('twice', {
      'n-Source.csv': `label,id,name,file,author,kind\nSource,${SCALE_SOURCE},s,f,a,SYNTHETIC\n`,
      'n-Enterprise.csv': `label,id,name,sources[]\nEnterprise,ent:t-1,甲,${SCALE_SOURCE}\nEnterprise,ent:t-2,乙,${SCALE_SOURCE}\n`,
      'r-SUPPLIES.csv': `type,from,to,sources[]\nSUPPLIES,ent:t-1,ent:t-2,${SCALE_SOURCE}\nSUPPLIES,ent:t-1,ent:t-2,${SCALE_SOURCE}\n`,
    });
    const error = await initialImport(config, [twice], { overwrite: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect(String(error)).toMatch(/SUPPLIES ent:t-1->ent:t-2 .*: 1 relationships repeat an earlier one/);
    expect(await graphCounts(gateway)).toEqual(before);
  }, 300_000);
});
