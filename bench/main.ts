/**
 * `npm run bench -- --enterprises N [--seed 1] [--duration 10] [--warmup 3] [--concurrency 8]
 * [--shapes a,b] [--systems ours,oursNoLog,oursNoAgg,neo4jGraphql,floor,cypher] [--statements 5]
 * [--growth on|off|only] [--processes 1,2,3|off] [--feed on|off] [--takeover on|off] [--stop-db]`
 *
 * Drives the same query shapes through (a) this service, (b) @neo4j/graphql 7, (d) the HTTP floor (a
 * minimal node:http endpoint running (c)'s statement) and (c) the raw driver,
 * against the bench's own Neo4j holding one synthetic data set, and reports throughput, latency
 * percentiles, errors, statements per request, RSS and cold start, checked against the targets; the
 * map shapes also on the median and the largest zone's chain, for how their cost grows with the zone.
 * See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { stopManaged } from '../src/db/provision';
import { fromRoot } from '../src/paths';
import { repairAggregates, startApi, sampleRss, type ApiChild, type ApiKind } from './children';
import { ensureDataSet, openBenchDatabase, rawDriver, readParams, type BenchDatabase } from './data';
import {
  closedLoop,
  graphqlClient,
  graphqlSender,
  type GraphQLClient,
  type LoadResult,
  type Send,
} from './load';
import { startBoltProxy } from './proxy';
import { backgroundQuery } from './background';
import { checkTargets, formatReport, SYSTEMS, type Figures, type ShapeFigures } from './report';
import { parseArgs, type BenchOptions } from './options';
import { feedPhase, processesPhase, takeoverPhase, type PhaseContext } from './phases';
import type { Params, Shape } from './shapes';
import { STATEMENT_TIMEOUT_MS, type GraphQLRequest } from './shape';
import { pickZones, type ZoneTarget } from './zones';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * A sender for the raw baseline: one auto-commit read per request (RUN and PULL in one round trip), the
 * cheapest way the driver has to run a statement, and the way the service's gateway runs its reads.
 */
function cypherSender(driver: Driver, database: string, shape: Shape, params: Params[]): Send {
  return async (index) => {
    const p = params[index % params.length];
    const session = driver.session({ database, defaultAccessMode: shape.cypher.mode ?? 'READ' });
    try {
      await session.run(shape.cypher.text, shape.cypher.params(p), { timeout: STATEMENT_TIMEOUT_MS });
      return undefined;
    } finally {
      await session.close();
    }
  };
}

/** One log line per run; the first error, if any, is shown once here. */
function describe(r: LoadResult): string {
  return (
    `${r.rps.toFixed(1)} req/s, p95 ${r.p95Ms.toFixed(2)} ms, ${r.requests} recorded, ${r.errors} errors ` +
    `(warm-up: ${r.warmupRequests} sent, ${r.warmupErrors} errors)${r.firstError ? `; first error: ${r.firstError}` : ''}`
  );
}

/**
 * One measured case: a shape and the parameters its requests take in turn. A growth case is a map shape
 * whose every request asks for the same chain, the median zone's or the largest zone's.
 */
interface Case {
  name: string;
  shape: Shape;
  params: Params[];
  growth?: { of: string; at: 'median' | 'largest' };
}

/** The selected shapes as cases: the map shapes over every chain and/or at the growth zones (--growth). */
function casesOf(
  options: BenchOptions,
  params: Params[],
  zones: { median: ZoneTarget; largest: ZoneTarget } | undefined,
): Case[] {
  return options.shapes.flatMap((shape): Case[] => {
    const plain: Case = { name: shape.name, shape, params };
    if (!shape.growth || !zones) return [plain];
    const at = (where: 'median' | 'largest'): Case => ({
      name: `${shape.name}@${where}`,
      shape,
      params: params.map((p) => ({ ...p, chain: zones[where].chain, chainZone: zones[where].zone })),
      growth: { of: shape.name, at: where },
    });
    return [...(options.growth === 'on' ? [plain] : []), at('median'), at('largest')];
  });
}

/** Whether this run starts (a''): it prices the writes and shows the map shapes without aggregates. */
const runsNoAgg = (options: BenchOptions): boolean =>
  options.systems.includes('oursNoAgg') &&
  options.shapes.some((s) => s.cypher.mode === 'WRITE' || s.growth === true);

function request(shape: Shape, kind: ApiKind): GraphQLRequest | undefined {
  if (kind === 'ours') return shape.ours;
  // Reads write no change, so only the writes are worth a second run without the log.
  if (kind === 'oursNoLog') return shape.cypher.mode === 'WRITE' ? shape.ours : undefined;
  // Without aggregates: what keeping them costs a write, and what reading them saves a map.
  if (kind === 'oursNoAgg')
    return shape.cypher.mode === 'WRITE' || shape.growth === true ? shape.ours : undefined;
  // The floor is told which shape to run and sent the request's parameters; it builds the statement's own.
  if (kind === 'floor') return { query: shape.name, variables: (p) => ({ ...p }) };
  return typeof shape.neo4jGraphql === 'string' ? undefined : shape.neo4jGraphql;
}

/**
 * Starts the HTTP APIs (timing their cold starts), then for each case runs the systems one after the
 * other, so that anything else slowing the machine for a while hits the systems of a shape alike.
 * The RSS of the API under load is sampled while it runs.
 */
async function loadAll(
  db: BenchDatabase,
  driver: Driver,
  options: BenchOptions,
  cases: Case[],
  figures: Figures,
  byShape: Map<string, ShapeFigures>,
  children: Set<ApiChild>,
): Promise<void> {
  const apis = new Map<ApiKind, { api: ApiChild; client: GraphQLClient }>();
  try {
    const writes = options.shapes.some((s) => s.cypher.mode === 'WRITE');
    for (const kind of ['ours', 'oursNoLog', 'oursNoAgg', 'neo4jGraphql', 'floor'] as const) {
      if (!options.systems.includes(kind) || (kind === 'oursNoLog' && !writes)) continue;
      if (kind === 'oursNoAgg' && !runsNoAgg(options)) continue;
      log(`bench: starting ${kind} API`);
      const api = await startApi(kind, db.connection);
      children.add(api);
      apis.set(kind, { api, client: graphqlClient(api.url, options.concurrency) });
      figures.coldStartMs[kind] = api.coldStartMs;
      log(`bench: ${kind} answered ${api.coldStartMs.toFixed(0)} ms after spawn`);
    }
    const run = {
      concurrency: options.concurrency,
      warmupMs: options.warmupS * 1000,
      durationMs: options.durationS * 1000,
    };
    for (const { name, shape, params } of cases) {
      const f = byShape.get(name) as ShapeFigures;
      for (const system of SYSTEMS) {
        if (!options.systems.includes(system)) continue;
        if (system === 'cypher') {
          f.load.cypher = await closedLoop({
            ...run,
            send: cypherSender(driver, db.connection.database, shape, params),
          });
        } else {
          const entry = apis.get(system);
          const req = request(shape, system);
          if (!entry || !req) continue;
          const rss = sampleRss(entry.api.pid);
          f.load[system] = await closedLoop({
            ...run,
            send: graphqlSender(
              entry.client,
              req.query,
              (i) => req.variables(params[i % params.length]),
              req.headers,
            ),
          });
          const maxRss = rss.stop();
          if (maxRss !== undefined) {
            f.rssMb[system] = maxRss;
            figures.maxRssMb[system] = Math.max(figures.maxRssMb[system] ?? 0, maxRss);
          }
        }
        log(`bench: ${system} ${name}: ${describe(f.load[system] as LoadResult)}`);
      }
    }
  } finally {
    for (const { api, client } of apis.values()) {
      client.close();
      await api.stop();
      children.delete(api);
    }
  }
}

/** Statements per request: the API connects through the counting proxy; K sequential requests per shape. */
async function countStatements(
  kind: 'ours' | 'neo4jGraphql',
  db: BenchDatabase,
  options: BenchOptions,
  cases: Case[],
  byShape: Map<string, ShapeFigures>,
  children: Set<ApiChild>,
): Promise<void> {
  const target = new URL(db.connection.uri.replace(/^[a-z+]+:/, 'http:'));
  // (a)'s own background statements (its sequencer, leases, folder) are told apart and not counted.
  const proxy = await startBoltProxy(
    { host: target.hostname, port: Number(target.port || 7687) },
    backgroundQuery(),
  );
  try {
    const api = await startApi(kind, { ...db.connection, uri: `bolt://127.0.0.1:${proxy.port}` });
    children.add(api);
    const client = graphqlClient(api.url, 1);
    try {
      for (const { name, shape, params } of cases) {
        const req = request(shape, kind);
        if (!req) continue;
        // One request first, so one-off statements (a library reading the server version) are not counted.
        await client.post(req.query, req.variables(params[0]), req.headers);
        const before = proxy.runs();
        for (let i = 0; i < options.statementsK; i += 1)
          await client.post(req.query, req.variables(params[i % params.length]), req.headers);
        (byShape.get(name) as ShapeFigures).statementsPerRequest[kind] =
          (proxy.runs() - before) / options.statementsK;
      }
    } finally {
      client.close();
      await api.stop();
      children.delete(api);
    }
  } finally {
    await proxy.close();
  }
}

/** Issue 24's phases, each with processes of (a) of its own: the feed's delay, N processes, the takeover. */
async function sequencerPhases(
  db: BenchDatabase,
  driver: Driver,
  options: BenchOptions,
  params: Params[],
  figures: Figures,
  children: Set<ApiChild>,
): Promise<void> {
  if (!options.systems.includes('ours')) return;
  const ctx: PhaseContext = {
    connection: db.connection,
    driver,
    params,
    run: {
      concurrency: options.concurrency,
      warmupMs: options.warmupS * 1000,
      durationMs: options.durationS * 1000,
    },
    children,
    log,
  };
  if (options.feed) {
    log('bench: feed: upserts through (a) while a client follows Query.changes');
    figures.feed = await feedPhase(ctx);
    const { delay } = figures.feed;
    log(
      `bench: feed: ${figures.feed.writes.rps.toFixed(1)} req/s; acknowledgement to seen p50 ${delay.p50Ms.toFixed(1)} ms, ` +
        `p95 ${delay.p95Ms.toFixed(1)} ms, max ${delay.maxMs.toFixed(1)} ms, ${figures.feed.missing} never seen`,
    );
  }
  if (options.processes.length > 0) figures.processes = await processesPhase(ctx, options.processes);
  if (options.takeover) {
    log('bench: takeover: two processes of (a), the sequencer killed under writes');
    figures.takeover = await takeoverPhase(ctx);
    const t = figures.takeover;
    log(
      `bench: takeover: ${t.takeoverMs === null ? 'the feed never advanced' : `${t.takeoverMs.toFixed(0)} ms`}; ` +
        `${t.acknowledged} acknowledged, ${t.missing} missing, ${t.repeated} repeated, ${t.gaps} gaps${t.error ? `; ${t.error}` : ''}`,
    );
  }
}

async function neo4jVersion(driver: Driver, database: string): Promise<string> {
  const session = driver.session({ database });
  try {
    const result = await session.run(
      'CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS v, edition',
    );
    const record = result.records[0];
    return record ? `${String(record.get('v'))} ${String(record.get('edition'))}` : 'unknown';
  } finally {
    await session.close();
  }
}

/** Formats the result as the repository's Prettier would, so a committed result passes `prettier --check`. */
async function formatJson(file: string, text: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...config, parser: 'json' });
  } catch {
    return `${text}\n`;
  }
}

export async function runBench(options: BenchOptions): Promise<{ figures: Figures; file: string }> {
  const children = new Set<ApiChild>();
  const db = await openBenchDatabase(log);
  const driver = rawDriver(db.connection, options.concurrency * 2);
  try {
    const data = await ensureDataSet(db, driver, options, log);
    const params = await readParams(db.gateway, options.seed);
    const figures: Figures = {
      shapes: [],
      concurrency: options.concurrency,
      coldStartMs: {},
      maxRssMb: {},
    };
    if (data.imported) figures.importMs = data.importMs;
    const growth = options.growth !== 'off' && options.shapes.some((s) => s.growth === true);
    if (growth) {
      figures.growthZones = await pickZones(db.gateway);
      const { median, largest } = figures.growthZones;
      log(
        `bench: growth zones ${median.zone} (${median.zoneEnterprises} enterprises, ${median.chain}) and ` +
          `${largest.zone} (${largest.zoneEnterprises} enterprises, ${largest.chain})`,
      );
    }
    const cases = casesOf(options, params, figures.growthZones);
    const byShape = new Map<string, ShapeFigures>();
    for (const { name, shape, growth: at } of cases) {
      const f: ShapeFigures = {
        shape: name,
        title: shape.title,
        load: {},
        statementsPerRequest: {},
        rssMb: {},
      };
      if (typeof shape.neo4jGraphql === 'string') f.notExpressible = shape.neo4jGraphql;
      if (shape.cypher.mode === 'WRITE') f.write = true;
      if (at) f.growth = at;
      byShape.set(name, f);
      figures.shapes.push(f);
    }
    try {
      try {
        await loadAll(db, driver, options, cases, figures, byShape, children);
      } finally {
        // (a'') left the aggregates stale (also when the run failed after it started): recount them now,
        // before the statement counting starts (a) again, so no later cold start of (a) pays for it.
        if (runsNoAgg(options)) {
          log("bench: recounting the aggregates after (a''): aggregates:check --repair");
          const repair = await repairAggregates(db.connection);
          for (const line of repair.output) log(`bench:   ${line}`);
          log(
            `bench: ${repair.ok ? 'recounted' : 'NOT recounted'} in ${(repair.ms / 1000).toFixed(1)} s: ${repair.detail}`,
          );
          figures.repair = { ms: repair.ms, ok: repair.ok, detail: repair.detail };
        }
      }
      // After the recount: a process of (a) started while the aggregates are stale would recount first.
      await sequencerPhases(db, driver, options, params, figures, children);
      for (const kind of ['ours', 'neo4jGraphql'] as const) {
        if (options.systems.includes(kind))
          await countStatements(kind, db, options, cases, byShape, children);
      }
    } finally {
      for (const child of children) await child.stop();
    }
    const targets = checkTargets(figures);
    process.stdout.write(`\n${formatReport(figures, targets)}\n`);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const dir = fromRoot('bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${stamp}-${options.enterprises}.json`);
    const result = {
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 1e9),
        platform: `${os.platform()} ${os.release()}`,
      },
      versions: {
        node: process.versions.node,
        neo4j: await neo4jVersion(driver, db.connection.database),
        neo4jGraphql: '7.6.3',
      },
      database: {
        summary: db.provisioned.summary,
        heap: db.config.managed.heap,
        pageCache: db.config.managed.pageCache,
      },
      options: { ...options, shapes: options.shapes.map((s) => s.name), cases: cases.map((c) => c.name) },
      data,
      figures,
      targets,
    };
    writeFileSync(file, await formatJson(file, JSON.stringify(result, null, 2)));
    return { figures, file };
  } finally {
    await driver.close();
    await db.gateway.close();
    if (options.stopDb) log(`bench: ${await stopManaged(db.config)}`);
    else if (db.provisioned.path === 'local')
      log(
        `bench: the bench Neo4j (profile ${db.config.managed.profile}) keeps running for the next run; stop it with --stop-db`,
      );
  }
}

/** Entry point for scripts/bootstrap.mjs: argv is ['bench', ...options]. Resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseArgs(argv.slice(argv[0] === 'bench' ? 1 : 0));
  } catch (error) {
    log(`bench: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const { file } = await runBench(options);
    log(`bench: wrote ${file}`);
    return 0;
  } catch (error) {
    log(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DEBUG !== undefined && error instanceof Error) log(error.stack ?? '');
    return 1;
  }
}
