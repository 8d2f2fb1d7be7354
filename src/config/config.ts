import path from 'node:path';

/** Which way the service gets its Neo4j: see src/db/provision. */
export type ProvisionMode = 'auto' | 'external' | 'docker' | 'local';
export type RuntimeEnv = 'development' | 'production' | 'test';

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database: string;
}

/** Settings of a Neo4j instance that this project starts itself (the local or the docker path). */
export interface ManagedNeo4jConfig {
  /** Instance name: `dev` for `npm start`, `test` for `npm test`; each has its own home and data. */
  profile: string;
  boltPort: number;
  heap: string;
  pageCache: string;
  /** Server plugins to install: only APOC core, which the benchmark's @neo4j/graphql needs. */
  plugins: Plugin[];
  /** Git-ignored folder holding the jars and every profile's home. */
  dir: string;
}

export type Plugin = 'apoc';
export const PLUGINS: readonly Plugin[] = ['apoc'];

export interface Config {
  env: RuntimeEnv;
  host: string;
  port: number;
  provision: ProvisionMode;
  /** Set only when NEO4J_URI is given. */
  external: Neo4jConnection | undefined;
  database: string;
  managed: ManagedNeo4jConfig;
  readyTimeoutMs: number;
  txTimeoutMs: number;
  shutdownGraceMs: number;
  seedOnEmpty: boolean;
  /** Serve GraphiQL on GET /graphql (default: on except in production). */
  ide: boolean;
  /** Answer introspection queries (default: on except in production). */
  introspection: boolean;
  /** Whether reading needs a key (`key`) or not (`open`); writing always needs an editor or admin key. */
  readAccess: 'open' | 'key';
  apiKeys: ApiKey[];
  /** Origins a browser may call the API from (CORS); none by default. */
  corsOrigins: string[];
  /** Put stack traces in error responses (GRAPHQL_DEBUG); never on by default, whatever NODE_ENV. */
  debug: boolean;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    maxCost: number;
    maxQueryChars: number;
  };
  /** Logs and metrics: see README, "Operating the service". */
  logLevel: LogLevel;
  logFormat: 'text' | 'json';
  /** A request slower than this gets a warning line with its statements; 0 turns it off. */
  slowRequestMs: number;
  /** Who may read /metrics: anyone, an admin key only, or nobody (the route is not served). */
  metrics: 'open' | 'admin' | 'off';
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Thrown for every invalid variable at once, so one start shows all of them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The variables the service reads, with defaults; the README's table is written from this list. */
export const VARIABLES = {
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  PORT: '4000',
  NEO4J_URI: '',
  NEO4J_USER: 'neo4j',
  NEO4J_PASSWORD: '',
  NEO4J_DATABASE: 'neo4j',
  NEO4J_PROVISION: 'auto',
  NEO4J_LOCAL_PORT: '7687',
  NEO4J_LOCAL_DIR: '.neo4j',
  NEO4J_PROFILE: 'dev',
  NEO4J_HEAP: '1g',
  NEO4J_PAGECACHE: '1g',
  NEO4J_PLUGINS: '',
  NEO4J_READY_TIMEOUT_S: '120',
  NEO4J_TX_TIMEOUT_MS: '15000',
  SHUTDOWN_GRACE_MS: '10000',
  SEED_ON_EMPTY: 'true',
  GRAPHQL_IDE: '',
  GRAPHQL_INTROSPECTION: '',
  READ_ACCESS: 'open',
  API_KEYS: '',
  CORS_ORIGINS: '',
  GRAPHQL_DEBUG: 'false',
  MAX_DEPTH: '12',
  MAX_ALIASES: '20',
  MAX_TOKENS: '3000',
  MAX_DIRECTIVES: '20',
  MAX_COST: '50000',
  MAX_QUERY_CHARS: '20000',
  LOG_LEVEL: 'info',
  LOG_FORMAT: '',
  SLOW_REQUEST_MS: '1000',
  METRICS: '',
} as const satisfies Record<string, string>;

export type Role = 'reader' | 'editor' | 'admin';
export const ROLES: readonly Role[] = ['reader', 'editor', 'admin'];

/** An API key and the role it grants; the key itself is never logged. */
export interface ApiKey {
  role: Role;
  key: string;
}

const URI_SCHEMES = ['neo4j', 'neo4j+s', 'neo4j+ssc', 'bolt', 'bolt+s', 'bolt+ssc'];
const MEMORY_SIZE = /^[1-9][0-9]*[kmg]$/i;
const ORIGIN = /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:[0-9]{1,5})?$/i;
const PROFILE_NAME = /^[a-z][a-z0-9-]{0,30}$/;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: keyof typeof VARIABLES): string {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? VARIABLES[name] : value.trim();
  }

  int(name: keyof typeof VARIABLES, min: number, max: number): number {
    const text = this.raw(name);
    const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(`${name}=${JSON.stringify(text)} must be an integer from ${min} to ${max}`);
      return Number(VARIABLES[name]);
    }
    return value;
  }

  /** A comma-separated list, each item one of `allowed`; empty means none. */
  list<T extends string>(name: keyof typeof VARIABLES, allowed: readonly T[]): T[] {
    const items = this.raw(name)
      .toLowerCase()
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const bad = items.filter((item) => !(allowed as readonly string[]).includes(item));
    if (bad.length > 0) {
      this.problems.push(`${name}=${JSON.stringify(bad.join(','))} may only list ${allowed.join(', ')}`);
      return [];
    }
    return [...new Set(items)] as T[];
  }

  oneOf<T extends string>(name: keyof typeof VARIABLES, allowed: readonly T[]): T {
    const text = this.raw(name).toLowerCase();
    if (!(allowed as readonly string[]).includes(text)) {
      this.problems.push(`${name}=${JSON.stringify(text)} must be one of ${allowed.join(', ')}`);
      return VARIABLES[name] as T;
    }
    return text as T;
  }

  matching(name: keyof typeof VARIABLES, pattern: RegExp, what: string): string {
    const text = this.raw(name);
    if (!pattern.test(text)) this.problems.push(`${name}=${JSON.stringify(text)} must be ${what}`);
    return text;
  }

  /** A boolean whose default depends on another setting when the variable is unset. */
  flag(name: keyof typeof VARIABLES, fallback: boolean): boolean {
    return this.raw(name) === '' ? fallback : this.bool(name);
  }

  /** API_KEYS: comma-separated role:key pairs; keys of at least 16 characters. */
  keys(name: keyof typeof VARIABLES): ApiKey[] {
    const text = this.raw(name);
    if (text === '') return [];
    const keys: ApiKey[] = [];
    text.split(',').forEach((entry, index) => {
      const [role, key] = [
        entry.slice(0, entry.indexOf(':')).trim(),
        entry.slice(entry.indexOf(':') + 1).trim(),
      ];
      // The key is not echoed back: a configuration error must not print a secret.
      if (!(ROLES as readonly string[]).includes(role) || !entry.includes(':')) {
        this.problems.push(`${name} entry ${index + 1} must be role:key with a role of ${ROLES.join(', ')}`);
      } else if (key.length < 16 || /\s/.test(key)) {
        this.problems.push(
          `${name} entry ${index + 1} (${role}) must have a key of at least 16 characters without spaces`,
        );
      } else keys.push({ role: role as Role, key });
    });
    return keys;
  }

  /** CORS_ORIGINS: comma-separated origins, each scheme://host[:port] with no path, or `*` alone. */
  origins(name: keyof typeof VARIABLES): string[] {
    const items = this.raw(name)
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.length === 1 && items[0] === '*') return ['*'];
    const bad = items.filter((item) => !ORIGIN.test(item));
    if (bad.length > 0) {
      this.problems.push(
        `${name}=${JSON.stringify(bad.join(','))} must list origins such as https://example.org or http://localhost:3000 (scheme, host and port only), or be * alone`,
      );
      return [];
    }
    return [...new Set(items)];
  }

  bool(name: keyof typeof VARIABLES): boolean {
    const value = this.oneOf(name, ['true', 'false', '1', '0'] as const);
    return value === 'true' || value === '1';
  }
}

/** Whether only this machine can reach an address the server listens on. */
export function isLoopback(host: string): boolean {
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
    // Open on the default loopback bind, where only this machine can connect; an admin key otherwise.
    metrics:
      r.raw('METRICS') === ''
        ? isLoopback(host)
          ? 'open'
          : 'admin'
        : r.oneOf('METRICS', ['open', 'admin', 'off'] as const),
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
