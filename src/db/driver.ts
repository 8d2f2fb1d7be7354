/**
 * The driver's edge, and the only module that imports neo4j-driver: the driver itself for the gateway
 * (neo4j.ts), driver errors in the service's terms (typed errors a client may see, and why a connection
 * attempt failed), and values converted both ways (what Neo4j returns becomes plain JSON-friendly
 * JavaScript; what a statement sends becomes what the driver needs). Only the gateway uses the driver.
 */
import neo4j, {
  isInt,
  isDate,
  isDateTime,
  isDuration,
  isLocalDateTime,
  isLocalTime,
  isTime,
  isNode,
  isRelationship,
  isPath,
  Neo4jError,
} from 'neo4j-driver';
import { AppError } from '../errors';
import type { Row } from './statement';

export {
  default as neo4j,
  Neo4jError,
  type Driver,
  type ManagedTransaction,
  type Transaction,
  type QueryResult,
  type RecordShape,
} from 'neo4j-driver';

/** Maps a driver error to a typed error; the original is kept as `cause` for the server log only. */
export function mapNeo4jError(error: unknown, statement: string): Error {
  if (error instanceof AppError) return error;
  if (error instanceof Neo4jError) {
    const code = error.code;
    if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return withCause(new AppError('CONFLICT', 'The write conflicts with an existing record.'), error);
    }
    // A transaction the server ended (its time limit passed while it waited, say for a lock, or a
    // frozen server resumed past it) is a timeout too, whatever the exact code.
    if (
      code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') ||
      code.includes('TimedOut') ||
      code.endsWith('Transaction.Terminated') ||
      code.endsWith('Transaction.LockClientStopped')
    ) {
      return withCause(
        new AppError('TIMEOUT', `The database query "${statement}" ran past its time limit.`),
        error,
      );
    }
    if (code === 'ServiceUnavailable' || code === 'SessionExpired' || code.includes('DatabaseUnavailable')) {
      return withCause(new AppError('SERVICE_UNAVAILABLE', 'The database is not reachable.'), error);
    }
    if (code.startsWith('Neo.ClientError.Security.')) {
      return withCause(new AppError('SERVICE_UNAVAILABLE', 'The database refused our credentials.'), error);
    }
    // The pool's own error has no code of its own, only this message.
    if (/connection acquisition timed out/i.test(error.message)) {
      return withCause(
        new AppError('SERVICE_UNAVAILABLE', 'Every connection to the database is busy; try again shortly.'),
        error,
      );
    }
    if (code === 'Neo.ClientError.Statement.EntityNotFound') {
      return withCause(
        new AppError('CONFLICT', 'A node this write refers to was deleted by a concurrent write.'),
        error,
      );
    }
  }
  return error instanceof Error ? error : new Error(String(error));
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

/** Why a connection attempt failed, in terms the provisioning code can act on without the driver. */
export class ConnectError extends Error {
  constructor(
    readonly kind: 'auth' | 'unreachable' | 'no-database' | 'other',
    message: string,
  ) {
    super(message);
    this.name = 'ConnectError';
  }

  static from(error: unknown): ConnectError {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    const code = error instanceof Neo4jError ? error.code : '';
    if (code.startsWith('Neo.ClientError.Security.')) return new ConnectError('auth', message);
    if (code === 'Neo.ClientError.Database.DatabaseNotFound') return new ConnectError('no-database', message);
    if (code === 'ServiceUnavailable' || code === 'SessionExpired')
      return new ConnectError('unreachable', message);
    return new ConnectError('other', message);
  }
}

/** Converts a value read from Neo4j into plain JSON-friendly JavaScript. */
export function toNative(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Most values are strings, numbers and booleans: skip the eight type checks below for them (a
  // profile under load had them at 2% of the service's time).
  if (typeof value !== 'object' && typeof value !== 'bigint') return value;
  if (isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (
    isDate(value) ||
    isDateTime(value) ||
    isLocalDateTime(value) ||
    isTime(value) ||
    isLocalTime(value) ||
    isDuration(value)
  ) {
    return value.toString();
  }
  if (isNode(value)) return { labels: value.labels, ...(toNative(value.properties) as Row) };
  if (isRelationship(value)) return { type: value.type, ...(toNative(value.properties) as Row) };
  if (isPath(value)) {
    return value.segments.map((s) => ({
      start: toNative(s.start),
      relationship: toNative(s.relationship),
      end: toNative(s.end),
    }));
  }
  if (Array.isArray(value)) return value.map(toNative);
  if (typeof value === 'object') {
    const out: Row = {};
    for (const [k, v] of Object.entries(value as Row)) out[k] = toNative(v);
    return out;
  }
  return value;
}

/**
 * Converts parameters for the driver: JavaScript has one number type, and the driver would send every
 * number as a float, which LIMIT, SKIP and variable-length bounds refuse. Whole numbers go as integers.
 */
export function toDriverParams(value: unknown): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toDriverParams);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Row = {};
    for (const [k, v] of Object.entries(value as Row)) out[k] = toDriverParams(v);
    return out;
  }
  return value;
}
