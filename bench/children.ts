/**
 * The HTTP systems under test as child processes: this service (`dist/src/cli.js serve`, or
 * dist/src/main.js when it exists), the @neo4j/graphql server (`dist/bench/neo4j-graphql/server.js`) and
 * the HTTP floor (`dist/bench/floor/server.js`). Each listens on
 * 127.0.0.1 on a free port; cold start is the time from spawn to the first answered query; RSS is
 * sampled from /proc while the bench loads it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import type { Neo4jConnection } from '../src/config/config';
import { fromRoot } from '../src/paths';
import { graphqlClient } from './load';
import { BENCH_EDITOR_KEY } from './shape';

/**
 * `oursNoLog` is this service with CHANGE_LOG=false: what the change log costs a write. `oursNoAgg` is
 * it with AGGREGATES=false: every analysis counted live, no aggregate kept on write, the aggregates
 * marked stale (repairAggregates clears that).
 */
export type ApiKind = 'ours' | 'oursNoLog' | 'oursNoAgg' | 'neo4jGraphql' | 'floor';

/** What each variant of this service changes in its environment. */
const VARIANT_ENV: Partial<Record<ApiKind, Record<string, string>>> = {
  oursNoLog: { CHANGE_LOG: 'false' },
  oursNoAgg: { AGGREGATES: 'false' },
};

export interface ApiChild {
  kind: ApiKind;
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first answer of `{ __typename }`. */
  coldStartMs: number;
  /** The last lines the child wrote, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, found by letting the OS pick one and releasing it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function entryOf(kind: ApiKind): string[] {
  if (kind === 'neo4jGraphql') return [fromRoot('dist', 'bench', 'neo4j-graphql', 'server.js')];
  if (kind === 'floor') return [fromRoot('dist', 'bench', 'floor', 'server.js')];
  const main = fromRoot('dist', 'src', 'main.js');
  return existsSync(main) ? [main] : [fromRoot('dist', 'src', 'cli.js'), 'serve'];
}

/** Environment of a child of the bench: only what it needs, never the bench's own NEO4J_ variables. */
function databaseEnv(connection: Neo4jConnection): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', 'JAVA_HOME'];
  const base = Object.fromEntries(
    keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]),
  );
  return {
    ...base,
    NODE_ENV: 'production',
    NEO4J_URI: connection.uri,
    NEO4J_USER: connection.user,
    NEO4J_PASSWORD: connection.password,
    NEO4J_DATABASE: connection.database,
  };
}

/** Environment of an API child: the database's, and how the bench wants the API to listen and limit. */
function childEnv(
  connection: Neo4jConnection,
  port: number,
  extra: Record<string, string>,
): NodeJS.ProcessEnv {
  return {
    ...databaseEnv(connection),
    HOST: '127.0.0.1',
    PORT: String(port),
    SEED_ON_EMPTY: 'false',
    // The bench sends deep selections and analyses at a steady rate: raise the per-query limits.
    MAX_COST: '10000000',
    MAX_DEPTH: '20',
    MAX_TOKENS: '10000',
    // The write shapes send this key; (b) and (d) ignore the variable.
    API_KEYS: `editor:${BENCH_EDITOR_KEY}`,
    ...extra,
  };
}

/** The last `max` lines a child writes on stdout and stderr, kept as they arrive. */
function tail(child: ChildProcess, max = 40): string[] {
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > max) lines.splice(0, lines.length - max);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return lines;
}

/** A line of the service's output as read: the message of a JSON log line, any other line as it is. */
function message(line: string): string {
  try {
    const parsed = JSON.parse(line) as { msg?: unknown };
    return typeof parsed.msg === 'string' ? parsed.msg : line;
  } catch {
    return line;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawns an API, waits for its first answer (at most timeoutMs) and returns it running. */
export async function startApi(
  kind: ApiKind,
  connection: Neo4jConnection,
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<ApiChild> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const env = { ...VARIANT_ENV[kind], ...options.env };
  const [entry, ...args] = entryOf(kind);
  if (!entry || !existsSync(entry))
    throw new Error(`${entry ?? kind} is missing: build first (npm run build)`);
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [entry, ...args], {
    env: childEnv(connection, port, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = tail(child);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };
  const client = graphqlClient(url, 1, 2000);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  try {
    for (;;) {
      if (exited !== undefined)
        throw new Error(`${kind} API exited with code ${String(exited)}: ${lines.slice(-5).join(' | ')}`);
      try {
        const answer = await client.post('{ __typename }', {});
        if (answer.data?.__typename === 'Query') break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${kind} API did not answer within the timeout`);
      await sleep(20);
    }
  } catch (error) {
    client.close();
    await stop();
    throw error;
  }
  const coldStartMs = performance.now() - started;
  client.close();
  return {
    kind,
    url,
    pid: child.pid ?? 0,
    coldStartMs,
    output: () => lines.join('\n'),
    stop,
  };
}

/** Resident set size of a process in MB, from /proc/<pid>/status (Linux); undefined elsewhere. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every intervalMs until stopped; returns the maximum seen. */
export function sampleRss(pid: number, intervalMs = 200): { stop(): number | undefined } {
  let max: number | undefined;
  const take = (): void => {
    const mb = rssMb(pid);
    if (mb !== undefined) max = Math.max(max ?? 0, mb);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return max;
    },
  };
}

export interface RepairResult {
  ms: number;
  /** The command ran and exited 0. */
  ok: boolean;
  /** Its last line of output, or why it could not run. */
  detail: string;
  /** Its last 40 lines of output. */
  output: string[];
}

/**
 * `node dist/src/cli.js aggregates:check --repair` against the bench database: after (a'') (AGGREGATES=false)
 * the aggregates are marked stale, and the next service started with them would recount them all before
 * it is ready, which the next run's cold start of (a) would pay. Never throws: a build without the
 * command (before issue 16) says so in `detail`, and the bench goes on.
 */
export async function repairAggregates(
  connection: Neo4jConnection,
  timeoutMs = 30 * 60_000,
): Promise<RepairResult> {
  const cli = fromRoot('dist', 'src', 'cli.js');
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'aggregates:check', '--repair'], {
    env: databaseEnv(connection),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = tail(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      lines.push(error.message);
      resolve(null);
    });
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  clearTimeout(timer);
  const ms = performance.now() - started;
  const last = message(lines.at(-1) ?? '(no output)');
  if (code === 0) return { ms, ok: true, detail: last, output: lines.map(message) };
  const unknown = lines.some((l) => l.includes('unknown command'));
  return {
    ms,
    ok: false,
    detail: unknown
      ? `this build has no aggregates:check command (exit ${String(code)}: ${last}); nothing was recounted`
      : `exit ${String(code)}: ${last}`,
    output: lines.map(message),
  };
}
