/** What the gateway is handed and hands back: a named statement, its rows, and a transaction's runner. */

/**
 * A Cypher statement with a name (for logs, metadata and statement counts) and its parameters. `R` is
 * the row its RETURN clause promises; the gateway hands rows back as that type (see `asRows`).
 */
export interface Statement<R extends object = object> {
  name: string;
  cypher: string;
  params?: Record<string, unknown>;
  /** Type only, never set: carries the row type from where a statement is built to where it is run. */
  readonly row?: R;
}

export type Row = Record<string, unknown>;

/**
 * The one narrowing from what Neo4j returned to the row a statement declares. It checks nothing at run
 * time: the statement's RETURN clause is the contract, and the Cypher snapshot and integration tests pin it.
 */
export const asRows = <R extends object>(rows: Row[]): R[] => rows as R[];

/** What a multi-statement write gets: a way to send statements inside the one transaction. */
export interface TransactionRunner {
  run<R extends object = Row>(statement: Statement<R>): Promise<R[]>;
}

/**
 * Lines appended to a write's own statement, with the parameters they need: what the write pipeline
 * keeps besides the write (the change log's record, the aggregates' delta), run in the same round trip.
 */
export interface Stage {
  lines: string[];
  params: Record<string, unknown>;
}
