/**
 * Values at the driver's edge: what Neo4j returns becomes plain JSON-friendly JavaScript, and what a
 * statement sends becomes what the driver needs. Only the gateway calls these.
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
} from 'neo4j-driver';
import type { Row } from './neo4j';

/** Converts a value read from Neo4j into plain JSON-friendly JavaScript. */
export function toNative(value: unknown): unknown {
  if (value === null || value === undefined) return null;
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
