/**
 * A transcript of the rows every gateway call of one mutation returned, so that a retry carrying the
 * same Idempotency-Key can be answered by running the resolver again over the recorded rows instead of
 * over the database: the same resolver code turns the same rows into the same answer (or the same
 * error), and nothing is written twice. See src/mutations/idempotency.ts for the keys themselves.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../errors';

type Rows = Record<string, unknown>[];

/** What the first write transaction of a recorded call runs besides its own work, in the same transaction. */
interface TranscriptSeal {
  /** Runs first: claims the key, so a concurrent duplicate waits for this transaction to end. */
  open(
    run: (statement: { name: string; cypher: string; params?: Record<string, unknown> }) => Promise<Rows>,
  ): Promise<unknown>;
  /** Runs last: stores the calls made so far, committed with the write or not at all. */
  close(
    run: (statement: { name: string; cypher: string; params?: Record<string, unknown> }) => Promise<Rows>,
    calls: Rows[],
  ): Promise<unknown>;
}

export type Transcript =
  | { mode: 'record'; calls: Rows[]; seal: TranscriptSeal; sealed: boolean }
  | { mode: 'replay'; calls: Rows[]; position: number };

const current = new AsyncLocalStorage<Transcript>();

export function withTranscript<T>(transcript: Transcript, work: () => Promise<T>): Promise<T> {
  return current.run(transcript, work);
}

export function currentTranscript(): Transcript | undefined {
  return current.getStore();
}

/** The next recorded answer; a call the first run never made cannot be answered from the record. */
export function replayNext(transcript: Extract<Transcript, { mode: 'replay' }>): Rows {
  const rows = transcript.calls[transcript.position];
  transcript.position += 1;
  if (rows === undefined)
    throw new AppError('CONFLICT', 'The answer to this Idempotency-Key cannot be replayed; use a new key.');
  return rows;
}
