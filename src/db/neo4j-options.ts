/**
 * How the gateway is set up, whom it tells of each statement, and what it reports of the server: plain
 * types, no driver.
 */
import type { Statement } from './statement';

export interface GatewayOptions {
  txTimeoutMs: number;
  /** Pool and acquisition limits; small by default because the API is one process on a small machine. */
  maxPoolSize?: number;
  connectionTimeoutMs?: number;
  /** How long the driver retries a transaction on transient errors; short, so an outage fails fast. */
  maxRetryTimeMs?: number;
  /**
   * How long a call may wait for a free pooled connection before it fails as SERVICE_UNAVAILABLE
   * (default 2 s): with every connection taken (a hung database holds them all) waiting longer only
   * piles requests up.
   */
  acquisitionTimeoutMs?: number;
  /**
   * The client-side bound of one call (read, write or transaction), whatever the database does: the
   * transaction limit is enforced by the server, so a server that is frozen (SIGSTOP, a GC pause, a
   * dead network path) would otherwise hold a request for as long as it is frozen. Default: the
   * transaction limit (or the retry window, if longer) plus 2 s, so the server's own TIMEOUT, or the
   * last retry's error, comes first whenever the server answers.
   */
  deadlineMs?: number;
}

export interface ServerInfo {
  address: string;
  agent: string;
  protocolVersion: number;
}

/** Called for each statement sent; tests use it to count round trips per operation. */
export type StatementListener = (statement: Statement, mode: 'READ' | 'WRITE') => void;

/** Called when a statement has ended: its duration and `OK` or the error code it ended with (metrics). */
export type StatementDoneListener = (
  statement: Statement,
  mode: 'READ' | 'WRITE',
  done: { ms: number; outcome: string },
) => void;
