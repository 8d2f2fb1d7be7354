/**
 * The service's commands: `serve` (what `npm start` runs after install and build), `seed`, `import`, `generate`, `db:start`,
 * `db:stop` and `schema:emit`. Every failure ends in one readable line and a non-zero exit.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { ConfigError, loadConfig, type Config } from './config/config';
import { AppError } from './errors';
import { checkNamedStatements } from './db/cypher-files';
import type { Neo4jGateway } from './db/neo4j';
import { connectWhenReady, provision, ProvisionError, stopManaged } from './db/provision';
import { applySchema } from './db/schema';
import { bulkImport } from './import/bulk';
import { importFiles, readImportFile } from './import/import';
import { initialImport, NEEDS_LOCAL } from './import/initial';
import { countRecords, expandInputs } from './import/records';
import { createSchema, printSortedSchema, SCHEMA_FILE } from './server/schema';
import { configureLogging, log, logError } from './log';
import { MODEL_END, MODEL_START, modelTables } from './model/describe';
import { fromRoot } from './paths';
import { replaceBetween } from './text';
import { SeedValidationError, validateSeed } from './import/format';
import { isDatabaseEmpty, loadSeed, readSeedFiles } from './seed/loader';
import { REPORT_END, REPORT_START, seedReport } from './seed/report';
import { createApp, GRAPHQL_PATH, listen } from './server/app';
import { MAP_PATH } from './server/map';
import type { Actor } from './history/change';
import { aggregatesStale, markStale, recountAll } from './aggregates/keep';
import { sequenceNow } from './history/sequencer';
import { checkAggregates, describeCheck } from './aggregates/check';

/** Who runs a command, for the change log: the operating-system user, as the command has no API key. */
function cliActor(): Actor {
  try {
    return { role: 'cli', name: userInfo().username };
  } catch {
    return { role: 'cli', name: null };
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const MODEL_DOC = fromRoot('schema', 'README.md');
const SEED_DOC = fromRoot('seed', 'README.md');

/** Provisions Neo4j, waits for it, and applies cypher/schema: the common start of every command. */
async function openDatabase(config: Config): Promise<Neo4jGateway> {
  log(`Neo4j: provisioning (NEO4J_PROVISION=${config.provision})`);
  const provisioned = await provision(config);
  const gateway = await connectWhenReady(provisioned, config, log);
  log(`Neo4j: ${provisioned.summary}`);
  const statements = await applySchema(gateway);
  log(`Neo4j: schema applied (${statements} constraint and index statements)`);
  return gateway;
}

/**
 * A service that keeps the aggregates recounts them when they cannot be trusted (never counted, or a
 * service without them wrote since); one that does not keep them marks them so, before it writes.
 */
async function settleAggregates(gateway: Neo4jGateway, keep: boolean): Promise<void> {
  if (!keep) {
    await markStale(gateway);
    log('aggregates: off (AGGREGATES=false); marked stale, so the next start with them recounts');
    return;
  }
  if (!(await aggregatesStale(gateway))) return;
  const started = Date.now();
  const { owners, rows } = await recountAll(gateway);
  log(
    `aggregates: recounted ${owners} zones and chains (${rows} tallies) in ${seconds(Date.now() - started)}`,
  );
}

async function serve(config: Config, startedAt: number): Promise<void> {
  // The bootstrap script's install and build, when it ran them, are part of start-up too.
  const builtAt = Number(process.env.BOOT_BUILT_AT) || startedAt;
  checkNamedStatements();
  const dbStart = Date.now();
  // Connecting waits on the network and the schema build on the CPU: overlapping them shortens the
  // cold start, which the benchmark measures (target: first answer within 2 s of a database that is up).
  const opening = openDatabase(config);
  opening.catch(() => undefined); // its failure is reported by the await below, not as unhandled
  const schema = await createSchema();
  const gateway = await opening;
  const dbReady = Date.now();
  if (config.seedOnEmpty && (await isDatabaseEmpty(gateway))) {
    const report = await loadSeed(gateway, undefined, config);
    log(
      `seed: database was empty; loaded ${report.nodes} nodes and ${report.relationships} relationships from ${report.files.length} files`,
    );
  }
  await settleAggregates(gateway, config.aggregates);
  const app = await createApp({
    schema,
    gateway,
    shutdownGraceMs: config.shutdownGraceMs,
    settings: config,
  });
  let port: number;
  try {
    port = await listen(app.httpServer, config.host, config.port);
  } catch (error) {
    await app.apollo.stop();
    await gateway.close();
    throw error;
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  log(
    `ready in ${seconds(Date.now() - startedAt)} (install and build ${seconds(builtAt - startedAt)}, ` +
      `Neo4j ${seconds(dbReady - dbStart)}, seed and server ${seconds(Date.now() - dbReady)}): ` +
      `http://${shown}:${port}${GRAPHQL_PATH} (GraphiQL in a browser, GraphQL over POST); ` +
      `the chain map at http://${shown}:${port}${MAP_PATH}`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(`${signal} again: exiting at once`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: shutting down`);
    const force = setTimeout(() => {
      logError(`shutdown took longer than ${config.shutdownGraceMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    // Kept referenced on purpose: the driver's sockets do not hold the event loop open, so without this
    // timer Node could exit mid-shutdown, before the driver has closed.
    void force;
    app
      .stop()
      .then(async ({ cut }) => {
        await gateway.close();
        if (cut > 0) {
          // A cut request got no answer: a supervisor must learn this stop was not clean.
          logError(
            `stopped: ${cut} request(s) still running at the ${config.shutdownGraceMs} ms grace limit were cut (SHUTDOWN_GRACE_MS); Neo4j driver closed`,
          );
          process.exit(1);
        }
        log('stopped: requests finished, Neo4j driver closed');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logError('shutdown failed', error);
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

async function seed(config: Config): Promise<void> {
  const gateway = await openDatabase(config);
  try {
    const report = await loadSeed(gateway, undefined, config);
    await sequenceNow(gateway);
    log(
      `seed: wrote ${report.nodes} nodes and ${report.relationships} relationships from ${report.files.length} files (${report.statements} statements)`,
    );
  } finally {
    await gateway.close();
  }
}

/** Inputs above this many records go through the batched bulk import instead of one transaction. */
const BULK_THRESHOLD = 50_000;

/**
 * `import FILE|DIR... [--dry-run] [--bulk] [--batch-size N]`: small inputs in one transaction, large
 * ones (more than BULK_THRESHOLD records, a folder, or --bulk) validated whole, then written in batches.
 * `--initial [--overwrite]`: an empty local database loaded with neo4j-admin (import/initial.ts).
 */
async function importCommand(args: string[]): Promise<void> {
  if (args.includes('--initial')) return initialCommand(args);
  const dryRun = args.includes('--dry-run');
  const sizeAt = args.indexOf('--batch-size');
  const batchSize = sizeAt >= 0 ? Number(args[sizeAt + 1]) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0))
    throw new ConfigError(['--batch-size needs a whole number of rows']);
  const paths = args.filter((a, i) => !a.startsWith('--') && !(sizeAt >= 0 && i === sizeAt + 1));
  if (paths.length === 0)
    throw new ConfigError([
      'import needs one or more .json or .csv files or folders: npm run import -- PATH... [--dry-run] [--bulk] [--batch-size N]',
    ]);
  const files = expandInputs(paths);
  const bulk =
    args.includes('--bulk') ||
    files.length !== paths.length ||
    paths.some((p) => !/\.(csv|json)$/i.test(p)) ||
    (await countRecords(files)) > BULK_THRESHOLD;
  const parsed = bulk ? [] : files.map(readImportFile);
  const config = loadConfig();
  const gateway = await openDatabase(config);
  try {
    if (bulk) {
      const r = await bulkImport(gateway, files, {
        dryRun,
        batchSize,
        progress: true,
        actor: cliActor(),
        settings: config,
      });
      await sequenceNow(gateway);
      log(
        `import (bulk${dryRun ? ', dry run, nothing written' : ''}): ${r.nodes} nodes, ${r.relationships} relationships ` +
          `from ${r.files.length} files; validated in ${seconds(r.validateMs)}` +
          (r.written
            ? `, written in ${seconds(r.writeMs)} (${r.rowsPerSecond} rows/s, ${r.batches} batches)`
            : ''),
      );
      return;
    }
    const report = await importFiles(gateway, parsed, dryRun, cliActor(), config);
    await sequenceNow(gateway);
    log(
      `import${dryRun ? ' (dry run, nothing written)' : ''}: ${report.nodes} nodes (${report.newNodes} new), ` +
        `${report.relationships} relationships from ${report.files.join(', ')}`,
    );
  } finally {
    await gateway.close();
  }
}

/** `import DIR... --initial [--overwrite]`: validated, then loaded offline into the local database. */
async function initialCommand(args: string[]): Promise<void> {
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--initial' && a !== '--overwrite');
  if (unknown.length > 0)
    throw new ConfigError([`import --initial takes only --overwrite, not ${unknown.join(' ')}`]);
  const paths = args.filter((a) => !a.startsWith('--'));
  if (paths.length === 0)
    throw new ConfigError([
      'import --initial needs files or folders: npm run import -- PATH... --initial [--overwrite]',
    ]);
  const config = loadConfig();
  if (config.provision === 'external' || config.provision === 'docker') throw new ConfigError([NEEDS_LOCAL]);
  const r = await initialImport(config, paths, {
    overwrite: args.includes('--overwrite'),
    actor: cliActor(),
    progress: process.stdout,
  });
  log(
    `import (initial, neo4j-admin): ${r.nodes} nodes, ${r.relationships} relationships (${r.rows} rows with CITES) ` +
      `from ${r.files.length} files in ${seconds(r.totalMs)}: validation ${seconds(r.validateMs)}, CSV ${seconds(r.csvMs)}, ` +
      `neo4j-admin ${seconds(r.adminMs)}, restart ${seconds(r.restartMs)}, schema ${seconds(r.schemaMs)} (${r.rowsPerSecond} rows/s)`,
  );
}

/**
 * `aggregates:check [--repair]`: recounts every aggregate and prints each that differs; exit 1 when
 * some differ and were not repaired.
 */
async function aggregatesCommand(config: Config, args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== '--repair');
  if (unknown.length > 0)
    throw new ConfigError([`aggregates:check takes only --repair, not ${unknown.join(' ')}`]);
  const gateway = await openDatabase(config);
  try {
    const started = Date.now();
    const report = await checkAggregates(gateway, { repair: args.includes('--repair') });
    for (const line of describeCheck(report)) log(line);
    log(`aggregates:check took ${seconds(Date.now() - started)}`);
    return report.mismatches.length > 0 && !report.repaired ? 1 : 0;
  } finally {
    await gateway.close();
  }
}

/** Runs one command; resolves to the process exit code for commands that finish. */
export async function main(argv: string[], startedAt = Date.now()): Promise<number | undefined> {
  const command = argv[0] ?? 'serve';
  try {
    if (command === 'schema:emit') {
      writeFileSync(SCHEMA_FILE, printSortedSchema(await createSchema()));
      writeFileSync(
        MODEL_DOC,
        replaceBetween(readFileSync(MODEL_DOC, 'utf8'), MODEL_START, MODEL_END, modelTables()),
      );
      log(`wrote ${SCHEMA_FILE} and the model tables of ${MODEL_DOC}`);
      return 0;
    }
    if (command === 'seed:report') {
      const report = seedReport(validateSeed(readSeedFiles()));
      writeFileSync(
        SEED_DOC,
        replaceBetween(readFileSync(SEED_DOC, 'utf8'), REPORT_START, REPORT_END, report),
      );
      process.stdout.write(`${report}\n`);
      log(`wrote the tables of ${SEED_DOC}`);
      return 0;
    }
    if (command === 'seed:check') {
      const files = readSeedFiles();
      const set = validateSeed(files);
      const count = [...set.nodes.values()].reduce((sum, rows) => sum + rows.length, 0);
      const rels = set.relationships.reduce((sum, group) => sum + group.rows.length, 0);
      log(`seed: ${files.length} files are valid: ${count} nodes, ${rels} relationships (nothing written)`);
      return 0;
    }
    if (command === 'import') {
      await importCommand(argv.slice(1));
      return 0;
    }
    const config = loadConfig();
    configureLogging({
      level: config.logLevel,
      format: config.logFormat,
      secrets: [...config.apiKeys.map((k) => k.key), config.external?.password ?? ''].filter(Boolean),
    });
    switch (command) {
      case 'serve':
        await serve(config, startedAt);
        return undefined;
      case 'seed':
        await seed(config);
        return 0;
      case 'db:start':
        await (await openDatabase(config)).close();
        return 0;
      case 'db:stop':
        log(await stopManaged(config));
        return 0;
      case 'aggregates:check':
        return await aggregatesCommand(config, argv.slice(1));
      default:
        logError(
          `unknown command "${command}"; use serve, seed, seed:check, seed:report, import, aggregates:check, db:start, db:stop or schema:emit`,
        );
        return 2;
    }
  } catch (error) {
    reportFailure(command, error);
    return 1;
  }
}

/** A command's failure as one line: the message of an error the user can act on, else a short cause. */
export function reportFailure(command: string, error: unknown): void {
  if (
    error instanceof ConfigError ||
    error instanceof ProvisionError ||
    error instanceof SeedValidationError ||
    error instanceof AppError
  ) {
    logError(error.message);
  } else if (error instanceof Error && process.env.DEBUG === undefined) {
    logError(`${command} failed: ${error.message} (set DEBUG=1 for the stack trace)`);
  } else {
    logError(`${command} failed`, error);
  }
}

if (require.main === module) {
  const startedAt = Number(process.env.BOOT_STARTED_AT) || Date.now();
  main(process.argv.slice(2), startedAt).then(
    (code) => {
      if (code !== undefined) process.exit(code);
    },
    (error: unknown) => {
      logError('fatal', error);
      process.exit(1);
    },
  );
}
