/**
 * The folder: adds the writes' pending deltas to the tallies and deletes them, so a reader's look-up
 * (`tallyOf`) meets a few deltas per key rather than one per write ever made. Reads are exact without
 * it; it only keeps them cheap. Several processes may fold at once: each locks a key's tally before it
 * reads the key's deltas, so the second finds none left (see `lockTalliesStatement`).
 */
import type { Neo4jGateway } from '../db/neo4j';
import { logError } from '../log';
import { foldStatement, lockTalliesStatement, pendingKeysStatement } from './statements';

/** Keys per fold transaction: bounds how long one fold holds the tallies a recount may wait for. */
const FOLD_BATCH = 500;

/** Folds every delta pending now, a batch of keys per transaction, in key order; the deltas folded. */
export async function foldDeltas(gateway: Neo4jGateway): Promise<number> {
  let folded = 0;
  for (let after = ''; ;) {
    const keys = (await gateway.read(pendingKeysStatement(after, FOLD_BATCH))).map((r) => r.key);
    if (keys.length === 0) return folded;
    folded += await gateway.writeAll('aggregates/fold', async (tx) => {
      await tx.run(lockTalliesStatement(keys));
      const [row] = await tx.run(foldStatement(keys));
      return row?.folded ?? 0;
    });
    after = keys[keys.length - 1] ?? after;
  }
}

/**
 * Folds every `everyMs` until stopped; a fold that fails is logged and tried again at the next turn
 * (its transaction rolled back, the deltas are still pending and still read). The stop function waits
 * for a fold under way.
 */
export function startFolder(gateway: Neo4jGateway, options: { everyMs: number }): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const turn = (): void => {
    running = foldDeltas(gateway)
      .then(
        () => undefined,
        (error: unknown) => logError('aggregates: folding the pending deltas failed', error),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(turn, options.everyMs);
      });
  };
  timer = setTimeout(turn, options.everyMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
