/**
 * How a variable is read: the variables the service knows with their defaults, and a reader that turns
 * each into a typed value or a problem.
 */
import { ROLES, type ApiKey, type Role } from './types';

export type Env = Record<string, string | undefined>;

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
  CHANGE_LOG: 'true',
  AGGREGATES: 'true',
  CHANGE_RETENTION_DAYS: '0',
  CHANGE_POLL_MS: '2000',
  SUBSCRIPTION_QUEUE_LIMIT: '1000',
  WEBHOOKS: 'true',
  WEBHOOK_TIMEOUT_MS: '10000',
  WEBHOOK_MAX_BACKOFF_MS: '300000',
  IMPORT_MAX_BYTES: '268435456',
  IMPORT_TMP_DIR: '',
} as const satisfies Record<string, string>;

export const MEMORY_SIZE = /^[1-9][0-9]*[kmg]$/i;
const ORIGIN = /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:[0-9]{1,5})?$/i;
export const PROFILE_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** Reads variables one by one, with their defaults, and collects every problem instead of stopping at the first. */
export class Reader {
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
      const head = entry.slice(0, entry.indexOf(':')).trim();
      const key = entry.slice(entry.indexOf(':') + 1).trim();
      const [role = '', holder = ''] = head.includes('@') ? head.split('@', 2) : [head];
      // The key is not echoed back: a configuration error must not print a secret.
      if (!(ROLES as readonly string[]).includes(role) || !entry.includes(':')) {
        this.problems.push(
          `${name} entry ${index + 1} must be role:key or role@name:key with a role of ${ROLES.join(', ')}`,
        );
      } else if (head.includes('@') && !/^[\w.-]{1,64}$/.test(holder)) {
        this.problems.push(
          `${name} entry ${index + 1} (${role}) must have a name of letters, digits, . _ or -`,
        );
      } else if (key.length < 16 || /\s/.test(key)) {
        this.problems.push(
          `${name} entry ${index + 1} (${role}) must have a key of at least 16 characters without spaces`,
        );
      } else keys.push({ role: role as Role, name: holder || `${role}#${index + 1}`, key });
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
