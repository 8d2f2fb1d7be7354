/**
 * The bench's database and data set. The bench runs its own Neo4j (profile `bench`, Bolt 17690, heap and
 * page cache 4g unless BENCH_NEO4J_* say otherwise, with APOC for @neo4j/graphql) through the service's
 * own provisioning. A marker node records which synthetic set the database holds; when it is not the
 * one asked for, the national-scale set is generated and loaded (a local database replaced by the
 * offline importer, any other emptied and bulk-imported), and the import is timed.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { ownInstanceConfig, type Config, type Neo4jConnection } from '../src/config/config';
import type { Neo4jGateway } from '../src/db/neo4j';
import { connectWhenReady, provision, type Provisioned } from '../src/db/provision';
import { applySchema } from '../src/db/schema';
import { loadFiles } from '../src/seed/loader';
import { generate, random } from '../tools/synthetic/generate';
import { defaultScaleDir, SCALE_SOURCE, writeScaleSet } from '../tools/synthetic/scale';
import { bulkImport } from '../src/import/bulk';
import { initialImport } from '../src/import/initial';
import type { Params } from './shapes';
import { WRITTEN_ID_PREFIX } from './shape';

/** The marker the bench leaves is the scale set's own Source node. */
const MARKER_ID = SCALE_SOURCE;

/** The bench profile's configuration: the caller's environment minus every NEO4J_ variable. */
function benchConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return ownInstanceConfig(
    {
      NEO4J_PROFILE: env.BENCH_NEO4J_PROFILE ?? 'bench',
      NEO4J_LOCAL_PORT: env.BENCH_NEO4J_LOCAL_PORT ?? '17690',
      NEO4J_HEAP: env.BENCH_NEO4J_HEAP ?? '4g',
      NEO4J_PAGECACHE: env.BENCH_NEO4J_PAGECACHE ?? '4g',
      NEO4J_PLUGINS: 'apoc',
      NEO4J_READY_TIMEOUT_S: '300',
      NEO4J_TX_TIMEOUT_MS: '600000',
    },
    env,
  );
}

export interface BenchDatabase {
  config: Config;
  provisioned: Provisioned;
  gateway: Neo4jGateway;
  connection: Neo4jConnection;
}

export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const config = benchConfig();
  const provisioned = await provision(config);
  const gateway = await connectWhenReady(provisioned, config, log);
  log(`bench: ${provisioned.summary}`);
  await applySchema(gateway);
  return { config, provisioned, gateway, connection: provisioned.connection };
}

/** A driver of the bench's own, for the raw baseline and for work managed transactions cannot do. */
export function rawDriver(connection: Neo4jConnection, poolSize: number): Driver {
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
    maxConnectionPoolSize: Math.max(poolSize, 4),
    logging: { level: 'error', logger: () => undefined },
  });
}

export interface DataSetReport {
  /** True when this run emptied the database and imported the set. */
  imported: boolean;
  generateMs?: number;
  importMs?: number;
  importer?: string;
  counts: Record<string, number>;
}

/** Node and relationship counts the report shows (from Neo4j's count store: cheap at any size). */
async function dataCounts(gateway: Neo4jGateway): Promise<Record<string, number>> {
  const [row] = await gateway.read({
    name: 'bench/counts',
    cypher: `CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (n:Enterprise) RETURN count(n) AS enterprises }
CALL () { MATCH (n:IndustryChain) RETURN count(n) AS chains }
CALL () { MATCH ()-[r:SUPPLIES]->() RETURN count(r) AS supplies }
CALL () { MATCH (n:Park {kind: 'ZONE'}) RETURN count(n) AS zones }
RETURN nodes, relationships, enterprises, chains, supplies, zones`,
  });
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}

/** Whether the database holds the set of this size and seed, by the marker the bench leaves. */
async function holdsDataSet(gateway: Neo4jGateway, enterprises: number, seed: number): Promise<boolean> {
  const [row] = await gateway.read({
    name: 'bench/marker',
    cypher:
      'OPTIONAL MATCH (s:Source {id: $id}) RETURN s.benchEnterprises AS enterprises, s.benchSeed AS seed',
    params: { id: MARKER_ID },
  });
  return Number(row?.enterprises) === enterprises && Number(row?.seed) === seed;
}

/** Deletes everything, in batches of their own transactions so a big graph does not need one huge one. */
async function emptyDatabase(driver: Driver, database: string): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  } finally {
    await session.close();
  }
}

export interface ImportTiming {
  generateMs: number;
  /** The import step alone: validation and writing. */
  importMs: number;
  importer: string;
}

/**
 * The national-scale set (tools/synthetic/scale.ts): zones with parks, chains, joint committees, N
 * enterprises with skew, supply edges, branches, institutions, outcomes, projects, indicators; written as
 * CSV into .data/ and imported with the bulk importer (src/import/bulk.ts), whose time is the import figure.
 * Below 100 000 enterprises it uses fewer zones than the national 178, so zones are not near-empty.
 */
export async function importScaleSet(
  gateway: Neo4jGateway,
  options: { enterprises: number; seed: number; zones?: number; outDir?: string },
  log: (line: string) => void = () => undefined,
): Promise<ImportTiming> {
  const set = await generateScaleSet(options, log);
  const report = await bulkImport(gateway, [set.dir], { progress: process.stderr });
  return {
    generateMs: set.ms,
    importMs: report.validateMs + report.writeMs,
    importer: `writeScaleSet + bulkImport (${report.nodes} nodes, ${report.relationships} relationships, ${report.rowsPerSecond} rows/s)`,
  };
}

/** Writes the scale set's CSV files (see importScaleSet). */
async function generateScaleSet(
  options: { enterprises: number; seed: number; zones?: number; outDir?: string },
  log: (line: string) => void,
): Promise<{ dir: string; ms: number }> {
  const zones =
    options.zones ??
    (options.enterprises >= 100_000 ? undefined : Math.max(4, Math.round(options.enterprises / 500)));
  const set = await writeScaleSet({
    enterprises: options.enterprises,
    seed: options.seed,
    outDir: options.outDir ?? defaultScaleDir(options.enterprises, options.seed),
    ...(zones !== undefined ? { zones } : {}),
  });
  log(`bench: generated ${set.files.length} files in ${set.dir} in ${(set.ms / 1000).toFixed(1)} s`);
  return set;
}

/**
 * The scale set loaded by the offline importer (src/import/initial.ts), replacing whatever the bench's
 * local database holds: the bench's gateway is closed first and reopened after the restart.
 */
async function importScaleSetOffline(
  db: BenchDatabase,
  options: { enterprises: number; seed: number },
  log: (line: string) => void,
): Promise<ImportTiming> {
  const set = await generateScaleSet(options, log);
  await db.gateway.close();
  const report = await initialImport(db.config, [set.dir], { overwrite: true, progress: process.stderr });
  db.provisioned = await provision(db.config);
  db.gateway = await connectWhenReady(db.provisioned, db.config, log);
  return {
    generateMs: set.ms,
    importMs: report.totalMs,
    importer:
      `writeScaleSet + import --initial (neo4j-admin; ${report.nodes} nodes, ${report.relationships} relationships, ` +
      `${report.rows} rows with CITES, ${report.rowsPerSecond} rows/s; validation ${report.validateMs} ms, ` +
      `CSV ${report.csvMs} ms, neo4j-admin ${report.adminMs} ms, restart ${report.restartMs} ms, schema ${report.schemaMs} ms)`,
  };
}

/**
 * The small generator's set (tools/synthetic/generate.ts), loaded by the seed loader in one transaction,
 * plus one joint committee per chain (that generator has none): for a few hundred to a few thousand
 * enterprises, as in the integration test.
 */
export async function importSmallSet(
  gateway: Neo4jGateway,
  options: { enterprises: number; seed: number },
): Promise<ImportTiming> {
  const t0 = Date.now();
  const zones = Math.max(5, Math.min(267, Math.round(options.enterprises / 400)));
  const set = generate({ enterprises: options.enterprises, zones, seed: options.seed });
  const t1 = Date.now();
  await loadFiles(gateway, [{ file: 'bench-synthetic.json', content: set.content }]);
  await gateway.write({
    name: 'bench/committees',
    cypher: `MATCH (c:IndustryChain) WHERE NOT EXISTS { (:PartyOrganization)-[:GOVERNS]->(c) }
MATCH (src:Source {id: 'source:synthetic'})
CREATE (o:PartyOrganization {id: 'org:' + substring(c.id, 6) + '.committee', name: c.name + '联合党委',
  kind: 'JOINT_COMMITTEE', sources: [src.id]})-[:GOVERNS {sources: [src.id]}]->(c)
CREATE (o)-[:CITES]->(src)`,
  });
  return {
    generateMs: t1 - t0,
    importMs: Date.now() - t1,
    importer: 'generate() + loadFiles (small generator)',
  };
}

/** Makes sure the database holds the asked-for set, importing it when it does not. */
export async function ensureDataSet(
  db: BenchDatabase,
  driver: Driver,
  options: { enterprises: number; seed: number },
  log: (line: string) => void,
): Promise<DataSetReport> {
  if (await holdsDataSet(db.gateway, options.enterprises, options.seed)) {
    log(
      `bench: the database already holds the set of ${options.enterprises} enterprises, seed ${options.seed}`,
    );
    return { imported: false, counts: await dataCounts(db.gateway) };
  }
  log(`bench: generating and importing ${options.enterprises} enterprises (seed ${options.seed})`);
  let timing: ImportTiming;
  // A local database is replaced whole by the offline importer; any other is emptied and bulk-imported.
  if (db.provisioned.path === 'local') timing = await importScaleSetOffline(db, options, log);
  else {
    log('bench: emptying the database for a new data set');
    await emptyDatabase(driver, db.connection.database);
    timing = await importScaleSet(db.gateway, options, log);
  }
  await db.gateway.write({
    name: 'bench/mark',
    cypher: `MERGE (s:Source {id: $id})
ON CREATE SET s.name = '合成规模数据集', s.file = 'generated', s.author = 'npm run bench', s.kind = 'SYNTHETIC'
SET s.benchEnterprises = $enterprises, s.benchSeed = $seed, s.benchImportMs = $importMs`,
    params: {
      id: MARKER_ID,
      enterprises: options.enterprises,
      seed: options.seed,
      importMs: timing.importMs,
    },
  });
  log(`bench: generated in ${timing.generateMs} ms, imported in ${timing.importMs} ms`);
  return { imported: true, ...timing, counts: await dataCounts(db.gateway) };
}

/**
 * The request parameters, read once: `n` enterprises spread over the sorted ids (with their names, what
 * search looks for), shuffled by the seed, and per request a second enterprise, three zones and a chain
 * (with its zone and a segment of its type) picked by the same seeded generator, plus a Source the writes
 * cite. Every system gets the same sequence: request i of any shape uses params[i % n]. What the write
 * shapes created (ids under WRITTEN_ID_PREFIX) is left out, so a second run asks what the first asked.
 */
export async function readParams(gateway: Neo4jGateway, seed: number, n = 1000): Promise<Params[]> {
  const [row] = await gateway.read({
    name: 'bench/params',
    cypher: `CALL () { MATCH (e:Enterprise) WHERE NOT e.id STARTS WITH $written
  WITH e ORDER BY e.id WITH collect([e.id, e.name]) AS firms
  RETURN [i IN range(0, $n - 1) | firms[toInteger(i * size(firms) / $n)]] AS enterprises }
CALL () { MATCH (z:Park {kind: 'ZONE'}) WITH z.id AS id ORDER BY id RETURN collect(id) AS zones }
CALL () { MATCH (z:Park)-[:HAS_CHAIN]->(c:IndustryChain) WITH c.id AS chain, z.id AS zone,
    COLLECT { MATCH (c)-[:OF_TYPE]->(:ChainType)-[:HAS_SEGMENT]->(s:ChainSegment) RETURN s.id ORDER BY s.id } AS segments
  ORDER BY chain RETURN collect([chain, zone, segments]) AS chains }
CALL () { MATCH (s:Source) RETURN s.id AS source ORDER BY s.id LIMIT 1 }
RETURN enterprises, zones, chains, source`,
    params: { n, written: WRITTEN_ID_PREFIX },
  });
  const enterprises = ((row?.enterprises as ([string, string] | null)[] | undefined) ?? []).filter(
    (x): x is [string, string] => Array.isArray(x) && typeof x[0] === 'string',
  );
  const zones = (row?.zones as string[] | undefined) ?? [];
  const chains = (row?.chains as [string, string, string[]][] | undefined) ?? [];
  const source = typeof row?.source === 'string' ? row.source : undefined;
  if (enterprises.length === 0 || zones.length === 0 || chains.length === 0 || !source)
    throw new Error('the data set has no enterprises, zones, chains or sources to query');
  const rnd = random(seed);
  for (let i = enterprises.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [enterprises[i], enterprises[j]] = [enterprises[j] ?? ['', ''], enterprises[i] ?? ['', '']];
  }
  const pick = <T>(xs: T[], fallback: T): T => xs[Math.floor(rnd() * xs.length)] ?? fallback;
  return Array.from({ length: n }, (_, i) => {
    const [chain, chainZone, segments] = pick(chains, ['', '', []]);
    const [enterprise, text] = enterprises[i % enterprises.length] ?? ['', ''];
    return {
      index: i,
      enterprise,
      other: pick(enterprises, ['', ''])[0],
      text,
      zone: pick(zones, ''),
      chain,
      chainZone,
      segment: pick(segments, ''),
      zones: [pick(zones, ''), pick(zones, ''), pick(zones, '')],
      source,
    };
  });
}
