/**
 * What a query shape is, and the small readers every shape's canonical form uses: (a)'s, (b)'s and (c)'s
 * answers arrive as loosely typed JSON, driver Integers included.
 */
import { randomBytes } from 'node:crypto';

/** The parameters of one request; every shape takes what it needs from it. */
export interface Params {
  /** The request's place in the sequence (0 to n - 1): what gives each write its own ids. */
  index: number;
  /** An enterprise id (entity, upstream, the start of shortestPath). */
  enterprise: string;
  /** Another enterprise, the end of shortestPath. */
  other: string;
  /** The first enterprise's name, what search looks for. */
  text: string;
  /** A zone id (shapes 2 and 3). */
  zone: string;
  /** An industry chain id (shapes 4 and 6) and the zone that organises it (what (b) has to be told). */
  chain: string;
  chainZone: string;
  /** A segment of the chain's type (fillCandidates). */
  segment: string;
  /** Three zones for compareParks. */
  zones: string[];
  /** A Source the writes cite. */
  source: string;
}

export interface GraphQLRequest {
  query: string;
  variables: (p: Params) => Record<string, unknown>;
  /** Extra HTTP headers: the writes' API key. */
  headers?: Record<string, string>;
}

/**
 * The editor key this service's child is given (children.ts sets API_KEYS from it) and the write shapes
 * send; drawn per process, so no key is written down anywhere.
 */
export const BENCH_EDITOR_KEY = `bench-editor-${randomBytes(12).toString('hex')}`;

/** The prefix of every id the write shapes create: readParams leaves them out. */
export const WRITTEN_ID_PREFIX = 'ent:bench-';

export interface Shape {
  name: string;
  title: string;
  ours: GraphQLRequest;
  /** A string instead of a request: why @neo4j/graphql cannot express the shape. */
  neo4jGraphql: GraphQLRequest | string;
  /**
   * The hand-written statement that (c) runs in the bench process and (d), the HTTP floor, runs behind
   * node:http; `mode` says which kind of session both open (a read unless it says WRITE).
   */
  cypher: { text: string; params: (p: Params) => Record<string, unknown>; mode?: 'READ' | 'WRITE' };
  /**
   * A map shape: one chain's map, whose cost grew with the zone's firm count. The bench also runs it on
   * the chain of the median zone and on that of the largest (`<name>@median`, `<name>@largest`).
   */
  growth?: true;
  /** Canonical answers, comparable with `toEqual`: from (a)'s data, (b)'s data and (c)'s rows. */
  canonical: {
    ours: (data: Record<string, unknown>) => unknown;
    neo4jGraphql: (data: Record<string, unknown>) => unknown;
    cypher: (rows: Record<string, unknown>[]) => unknown;
  };
}

export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
export const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
export const ids = (v: unknown): string[] =>
  list(v)
    .map((x) => String(x.id))
    .sort();
export const num = (v: unknown): number =>
  typeof v === 'object' && v !== null && 'toNumber' in v
    ? (v as { toNumber(): number }).toNumber()
    : Number(v);

/** "Of the zone": located in the zone or in a park of it, as (b) has to spell it out. */
export const IN_ZONE_B =
  '{ parks: { some: { OR: [{ id: { eq: $zone } }, { zone: { some: { id: { eq: $zone } } } }] } } }';

/**
 * The transaction limit (c) and (d) give a statement, the client's own timeout: a request the load
 * generator has given up on must not keep running in Neo4j and slow every shape measured after it, as
 * the service's own limit (15 s) already ensures for (a).
 */
export const STATEMENT_TIMEOUT_MS = 30_000;
