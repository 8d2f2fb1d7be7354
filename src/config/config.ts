/**
 * The configuration from the environment, read and checked once at start: what it holds is in
 * types.ts, how one variable is read in reader.ts. Importers take everything from here.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MEMORY_SIZE, PROFILE_NAME, Reader, type Env } from './reader';
import { LOG_LEVELS, PLUGINS, type Config, type ManagedNeo4jConfig, type Neo4jConnection } from './types';

export type {
  ApiKey,
  Config,
  LogLevel,
  ManagedNeo4jConfig,
  Neo4jConnection,
  Role,
  WriteSettings,
} from './types';
export { SERVED_WRITES } from './types';
export { VARIABLES } from './reader';

/** Thrown for every invalid variable at once, so one start shows all of them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const URI_SCHEMES = ['neo4j', 'neo4j+s', 'neo4j+ssc', 'bolt', 'bolt+s', 'bolt+ssc'];

/** Whether only this machine can reach an address the server listens on. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.[0-9.]+$/.test(host);
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env, projectRoot = process.cwd()): Config {
  const r = new Reader(env);
  const runtime = r.oneOf('NODE_ENV', ['development', 'production', 'test'] as const);
  const port = r.int('PORT', 0, 65535);
  const host = r.matching('HOST', /^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address');
  const uri = r.raw('NEO4J_URI');
  let provision = r.oneOf('NEO4J_PROVISION', ['auto', 'external', 'docker', 'local'] as const);
  const database = r.matching('NEO4J_DATABASE', /^[A-Za-z][A-Za-z0-9.-]{0,62}$/, 'a Neo4j database name');
  let external: Neo4jConnection | undefined;
  if (uri !== '') {
    const scheme = uri.split('://')[0] ?? '';
    if (!uri.includes('://') || !URI_SCHEMES.includes(scheme)) {
      r.problems.push(`NEO4J_URI=${JSON.stringify(uri)} must start with one of ${URI_SCHEMES.join(', ')}://`);
    }
    external = { uri, user: r.raw('NEO4J_USER'), password: r.raw('NEO4J_PASSWORD'), database };
    if (provision === 'auto') provision = 'external';
  } else if (provision === 'external') {
    r.problems.push('NEO4J_PROVISION=external needs NEO4J_URI');
  }
  const managed: ManagedNeo4jConfig = {
    profile: r.matching('NEO4J_PROFILE', PROFILE_NAME, 'lower-case letters, digits and dashes'),
    boltPort: r.int('NEO4J_LOCAL_PORT', 1, 65535),
    heap: r.matching('NEO4J_HEAP', MEMORY_SIZE, 'a size such as 512m or 2g'),
    pageCache: r.matching('NEO4J_PAGECACHE', MEMORY_SIZE, 'a size such as 512m or 2g'),
    plugins: r.list('NEO4J_PLUGINS', PLUGINS),
    dir: path.resolve(projectRoot, r.raw('NEO4J_LOCAL_DIR')),
  };
  const config: Config = {
    env: runtime,
    host,
    port,
    provision,
    external,
    database,
    managed,
    readyTimeoutMs: r.int('NEO4J_READY_TIMEOUT_S', 1, 3600) * 1000,
    txTimeoutMs: r.int('NEO4J_TX_TIMEOUT_MS', 100, 3_600_000),
    shutdownGraceMs: r.int('SHUTDOWN_GRACE_MS', 0, 600_000),
    seedOnEmpty: r.bool('SEED_ON_EMPTY'),
    ide: r.flag('GRAPHQL_IDE', runtime !== 'production'),
    introspection: r.flag('GRAPHQL_INTROSPECTION', runtime !== 'production'),
    readAccess: r.oneOf('READ_ACCESS', ['open', 'key'] as const),
    apiKeys: r.keys('API_KEYS'),
    corsOrigins: r.origins('CORS_ORIGINS'),
    debug: r.bool('GRAPHQL_DEBUG'),
    limits: {
      maxDepth: r.int('MAX_DEPTH', 2, 100),
      maxAliases: r.int('MAX_ALIASES', 1, 1000),
      maxTokens: r.int('MAX_TOKENS', 100, 100_000),
      maxDirectives: r.int('MAX_DIRECTIVES', 1, 1000),
      maxCost: r.int('MAX_COST', 10, 10_000_000),
      maxQueryChars: r.int('MAX_QUERY_CHARS', 100, 1_000_000),
    },
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS),
    // A terminal reads lines; a supervisor in production collects JSON.
    logFormat:
      r.raw('LOG_FORMAT') === ''
        ? runtime === 'production'
          ? 'json'
          : 'text'
        : r.oneOf('LOG_FORMAT', ['text', 'json'] as const),
    slowRequestMs: r.int('SLOW_REQUEST_MS', 0, 3_600_000),
    changeLog: r.bool('CHANGE_LOG'),
    aggregates: r.bool('AGGREGATES'),
    changeRetentionDays: r.int('CHANGE_RETENTION_DAYS', 0, 36_500),
    changePollMs: r.int('CHANGE_POLL_MS', 10, 3_600_000),
    subscriptionQueueLimit: r.int('SUBSCRIPTION_QUEUE_LIMIT', 1, 1_000_000),
    webhooks: {
      enabled: r.bool('WEBHOOKS'),
      timeoutMs: r.int('WEBHOOK_TIMEOUT_MS', 100, 600_000),
      maxBackoffMs: r.int('WEBHOOK_MAX_BACKOFF_MS', 10, 86_400_000),
    },
    // Open on the default loopback bind, where only this machine can connect; an admin key otherwise.
    metrics:
      r.raw('METRICS') === ''
        ? isLoopback(host)
          ? 'open'
          : 'admin'
        : r.oneOf('METRICS', ['open', 'admin', 'off'] as const),
    httpImport: {
      maxBytes: r.int('IMPORT_MAX_BYTES', 1024, 2 ** 40),
      tmpDir: path.resolve(projectRoot, r.raw('IMPORT_TMP_DIR') || tmpdir()),
    },
  };
  if (
    config.metrics === 'admin' &&
    r.raw('METRICS') !== '' &&
    !config.apiKeys.some((k) => k.role === 'admin')
  ) {
    r.problems.push('METRICS=admin needs an admin key in API_KEYS');
  }
  if (config.readAccess === 'key' && config.apiKeys.length === 0) {
    r.problems.push('READ_ACCESS=key needs API_KEYS');
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/**
 * The configuration of a Neo4j a tool keeps for itself (the evaluation's, the bench's): the caller's
 * environment without any NEO4J_ variable, so the tool, which empties its database, can never be
 * pointed at the caller's own, plus the instance settings given.
 */
export function ownInstanceConfig(settings: Record<string, string>, env: Env = process.env): Config {
  const rest = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('NEO4J_')));
  return loadConfig({ ...rest, ...settings });
}
