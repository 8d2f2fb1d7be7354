/**
 * The statements a process of the service sends on its own, not for a request: the sequencer's head
 * read and pass, the leases, the webhook dispatcher's list and the folder. The statement-count phase
 * counts what a request sends; these run meanwhile on their timers and signals, and the proxy sets them
 * apart by their Cypher, which their builders give whatever the parameters.
 */
import { acquireLeaseStatement, leaseStatement, releaseLeaseStatement } from '../src/db/lease';
import { headStatement, passStatement } from '../src/history/sequencer';
import { listWebhooksStatement } from '../src/changes/webhook-statements';
import { foldStatement, lockTalliesStatement, pendingKeysStatement } from '../src/aggregates/statements';
import { pruneStatement } from '../src/history/feed';

/** Whether `query` is one of the background statements' Cypher. */
export function backgroundQuery(): (query: string) => boolean {
  const texts = new Set(
    [
      headStatement,
      passStatement('holder'),
      acquireLeaseStatement('lease', 'holder', 1),
      releaseLeaseStatement('lease', 'holder'),
      leaseStatement('lease'),
      listWebhooksStatement(),
      pendingKeysStatement('', 1),
      lockTalliesStatement([]),
      foldStatement([]),
      pruneStatement(new Date(0).toISOString()),
    ].map((s) => s.cypher),
  );
  return (query) => texts.has(query);
}
