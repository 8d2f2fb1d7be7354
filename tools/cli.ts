/**
 * The tools' commands, apart from the service's: `generate` (a synthetic national-scale set, written as
 * CSV) and `eval:candidates` (the candidate-ranking evaluation on a Neo4j of its own). They use the
 * service's modules; the service never imports them.
 */
import 'reflect-metadata';
import { reportFailure } from '../src/cli';
import { ConfigError, ownInstanceConfig } from '../src/config/config';
import { connectWhenReady, provision, stopManaged } from '../src/db/provision';
import { log, logError } from '../src/log';
import { evaluateCandidates, formatReport } from './eval/candidates';
import { defaultScaleDir, NATIONAL_ZONES, writeScaleSet } from './synthetic/scale';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** `--name value` pairs after the command, as numbers; a non-number or unknown name is refused. */
function numberArgs(args: string[], defaults: Record<string, number>): Record<string, number> {
  const values = { ...defaults };
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.replace(/^--/, '') ?? '';
    const value = Number(args[i + 1]);
    if (!(name in defaults) || !Number.isFinite(value) || value < 0) {
      throw new ConfigError([
        `${args[i] ?? ''} ${args[i + 1] ?? ''}: expected one of ${Object.keys(defaults)
          .map((k) => `--${k} N`)
          .join(', ')}`,
      ]);
    }
    values[name] = value;
  }
  return values;
}

/**
 * Runs the candidate-ranking evaluation on a Neo4j of its own (profile `eval`), never on NEO4J_URI:
 * it empties the database it uses.
 */
async function evalCandidates(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const a = numberArgs(
    args.filter((arg) => arg !== '--json'),
    { enterprises: 2000, zones: 20, seed: 42, hide: 0.2, queries: 0 },
  );
  const config = ownInstanceConfig({
    NEO4J_PROFILE: 'eval',
    NEO4J_LOCAL_PORT: process.env.EVAL_NEO4J_LOCAL_PORT ?? '17689',
    // At 100k enterprises a 1g heap ran out of transaction memory (dbms.memory.transaction.total.max).
    NEO4J_HEAP: (a.enterprises ?? 2000) > 20_000 ? '3g' : '1g',
    NEO4J_PAGECACHE: '512m',
    // A measurement, not a request: at 100k a candidate query on a large zone takes longer than the service's limit.
    NEO4J_TX_TIMEOUT_MS: '600000',
  });
  const provisioned = await provision(config);
  const gateway = await connectWhenReady(provisioned, config, log);
  log(`eval: ${provisioned.summary}`);
  try {
    const report = await evaluateCandidates(gateway, {
      enterprises: a.enterprises ?? 2000,
      zones: a.zones ?? 20,
      seed: a.seed ?? 42,
      hide: a.hide ?? 0.2,
      ks: [5, 10],
      maxQueries: Math.floor(a.queries ?? 0),
      onProgress: (done, total) => {
        if (done % 10 === 0 || done === total) log(`eval: ${done} of ${total} queries`);
      },
    });
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  } finally {
    await gateway.close();
    if (provisioned.startedNow) log(await stopManaged(config));
  }
}

/** `generate --enterprises N --seed S [--zones Z] [--out DIR]`: writes a synthetic set; no database. */
async function generateScale(args: string[]): Promise<void> {
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  if (outAt >= 0 && !out) throw new ConfigError(['--out needs a directory']);
  const rest = outAt >= 0 ? [...args.slice(0, outAt), ...args.slice(outAt + 2)] : args;
  const a = numberArgs(rest, { enterprises: 10_000, seed: 42, zones: NATIONAL_ZONES });
  const enterprises = Math.floor(a.enterprises ?? 10_000);
  const seed = Math.floor(a.seed ?? 42);
  const outDir = out ?? defaultScaleDir(enterprises, seed);
  log(`generate: ${enterprises} enterprises, seed ${seed}, into ${outDir}`);
  let shown = 0;
  const report = await writeScaleSet(
    { enterprises, seed, outDir, zones: Math.floor(a.zones ?? NATIONAL_ZONES) },
    (done, total) => {
      // One line per tenth, so a log stays short at any size.
      if (done === total || done - shown >= total / 10) {
        shown = done;
        log(`generate: ${Math.round((100 * done) / total)}%`);
      }
    },
  );
  const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((x, y) => x + y, 0);
  const list = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  log(`generate: nodes ${sum(report.nodes)} (${list(report.nodes)})`);
  log(`generate: relationships ${sum(report.relationships)} (${list(report.relationships)})`);
  log(
    `generate: SUPPLIES ${report.relationships.SUPPLIES ?? 0} edges (${((report.relationships.SUPPLIES ?? 0) / Math.max(1, enterprises)).toFixed(2)} per enterprise)`,
  );
  log(`generate: ${report.files.length} files in ${report.dir}, ${seconds(report.ms)}`);
}

/** Runs one tool command; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? '';
  try {
    if (command === 'generate') {
      await generateScale(argv.slice(1));
      return 0;
    }
    if (command === 'eval:candidates') {
      await evalCandidates(argv.slice(1));
      return 0;
    }
    logError(`unknown tool command "${command}"; use generate or eval:candidates`);
    return 2;
  } catch (error) {
    reportFailure(command, error);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      logError('fatal', error);
      process.exit(1);
    },
  );
}
