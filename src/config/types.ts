/** What the configuration is: the settings the service runs with, as loadConfig returns them. */
/** Which way the service gets its Neo4j: see src/db/provision. */
type ProvisionMode = 'auto' | 'external' | 'docker' | 'local';
type RuntimeEnv = 'development' | 'production' | 'test';

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
  /** Record every write in the change log (CHANGE_LOG); switched off only to measure what the log costs. */
  changeLog: boolean;
  /**
   * Keep per-zone-and-segment aggregates on write and read the analyses from them (AGGREGATES); off only
   * to measure what they cost: the analyses then count live and the aggregates are marked stale.
   */
  aggregates: boolean;
  /** Days a change is kept (CHANGE_RETENTION_DAYS); 0 keeps every change. */
  changeRetentionDays: number;
  /** How often subscriptions and the webhook dispatcher read the log for changes another process wrote. */
  changePollMs: number;
  /** Events a subscriber may have waiting before it is dropped as too slow (SUBSCRIPTION_QUEUE_LIMIT). */
  subscriptionQueueLimit: number;
  /** Webhook delivery: on (WEBHOOKS), each POST's time limit, the longest wait between retries. */
  webhooks: { enabled: boolean; timeoutMs: number; maxBackoffMs: number };
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
  /**
   * POST /import: the most bytes a body may have, received and decoded alike (IMPORT_MAX_BYTES), and the
   * folder its temporary file goes in (IMPORT_TMP_DIR; the system's by default).
   */
  httpImport: { maxBytes: number; tmpDir: string };
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export type Role = 'reader' | 'editor' | 'admin';
export const ROLES: readonly Role[] = ['reader', 'editor', 'admin'];

/** An API key and the role it grants; the key itself is never logged. */
export interface ApiKey {
  role: Role;
  /** Who holds the key, for the change log (`role@name:key`); `<role>#<position>` when not given. */
  name: string;
  key: string;
}

/**
 * What the write pipeline keeps besides the write itself: state of the running service, handed to every
 * write path and to the analyses (through the request context), never a module-wide switch, so two
 * services in one process (a test, the bench) can differ.
 */
export type WriteSettings = Pick<Config, 'changeLog' | 'aggregates'>;

/** The served defaults: both on. */
export const SERVED_WRITES: WriteSettings = { changeLog: true, aggregates: true };
