import { AsyncLocalStorage } from 'node:async_hooks';

/** What the service records about one HTTP request while it runs, for its log line and its metrics. */
export interface RequestRecord {
  requestId: string;
  /** performance.now() at arrival. */
  startedAt: number;
  /** As the client named it; set once Apollo has read the request. */
  operationName?: string;
  /** `query`, `mutation` or `subscription`, once the operation is resolved. */
  operationType?: string;
  /** Whether the operation passed validation and was resolved: only then is its name a metrics label. */
  resolved: boolean;
  /** The statements sent to Neo4j during the request (every attempt counts). */
  statements: number;
  /** Name and duration of each finished statement, for the slow-request line; capped. */
  statementLog: { name: string; ms: number }[];
  /** The codes of the errors in the response, as the client reads them; undefined until known. */
  errorCodes?: string[];
}

/** Statements a slow-request line lists at most; the count stays exact. */
export const STATEMENT_LOG_LIMIT = 50;

/**
 * The record of the request whose work is running now. The gateway's listeners are global, so this is
 * how a statement is counted to the request that sent it.
 */
export const requestScope = new AsyncLocalStorage<RequestRecord>();

/** The id of the request running now, for every log line written while it runs. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}
