/**
 * How long history is kept (CHANGE_RETENTION_DAYS): changes older than that are removed once at start
 * and then every hour. A feed cursor that retention overtakes is refused, not silently advanced (see
 * readChanges), so a follower that fell that far behind learns it must copy the graph afresh.
 */
import type { Neo4jGateway } from '../db/neo4j';
import { log, logError } from '../log';
import { pruneChanges } from './feed';

const HOUR_MS = 3_600_000;

/** Starts the retention; `days` 0 keeps everything. Returns the function that stops it. */
export function startRetention(gateway: Neo4jGateway, days: number, everyMs = HOUR_MS): () => void {
  if (days <= 0) return () => undefined;
  const prune = (): void => {
    pruneChanges(gateway, days)
      .then((removed) => {
        if (removed > 0) log(`history: removed ${removed} changes older than ${days} days`);
      })
      .catch((error: unknown) => logError('history: retention failed; it runs again within the hour', error));
  };
  prune();
  const timer = setInterval(prune, everyMs);
  // Retention alone must not keep the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
