/**
 * The statements of the webhooks. A (:Webhook) node holds its registration and its delivery state:
 * `deliveredSeq` (every matching change up to it was answered 2xx), `attempts`, `nextAttemptAt` and
 * `lastError`, so a restart resumes where delivery stood. Webhooks are not graph data: their writes
 * are not in the change log.
 */
import type { Statement } from '../db/neo4j';
import { statement } from '../db/cypher-files';
import type { ChangeOp } from '../history/change';

export interface WebhookRow {
  id: string;
  url: string;
  secret: string;
  labels: string[] | null;
  chains: string[] | null;
  ops: ChangeOp[] | null;
  createdAt: string;
  createdBy: string | null;
  deliveredSeq: number;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastDeliveredAt: string | null;
}

const RETURN_WEBHOOK =
  'RETURN w.id AS id, w.url AS url, w.secret AS secret, w.labels AS labels, w.chains AS chains, w.ops AS ops, ' +
  'toString(w.createdAt) AS createdAt, w.createdBy AS createdBy, w.deliveredSeq AS deliveredSeq, ' +
  'w.attempts AS attempts, toString(w.nextAttemptAt) AS nextAttemptAt, w.lastError AS lastError, ' +
  'toString(w.lastDeliveredAt) AS lastDeliveredAt';

/** A new webhook, delivering the changes after the log's head: what commits from now on. */
export function createWebhookStatement(
  hook: Pick<WebhookRow, 'id' | 'url' | 'secret' | 'labels' | 'chains' | 'ops'> & { by: string | null },
): Statement<WebhookRow> {
  return statement(
    'webhooks/create',
    [
      "OPTIONAL MATCH (k:ChangeLog {id: 'changes'})",
      'CREATE (w:Webhook {id: $id, url: $url, secret: $secret, labels: $labels, chains: $chains, ops: $ops,',
      '  createdAt: datetime.realtime(), createdBy: $by, deliveredSeq: coalesce(k.seq, 0), attempts: 0})',
      RETURN_WEBHOOK,
    ],
    hook,
  );
}

/** Removes a webhook; whether it existed. */
export function deleteWebhookStatement(id: string): Statement<{ found: boolean }> {
  return statement(
    'webhooks/delete',
    ['OPTIONAL MATCH (w:Webhook {id: $id})', 'WITH w, w IS NOT NULL AS found', 'DELETE w', 'RETURN found'],
    { id },
  );
}

/** Every webhook, oldest first. */
export function listWebhooksStatement(): Statement<WebhookRow> {
  return statement('webhooks/list', [
    'MATCH (w:Webhook)',
    `WITH w ORDER BY w.createdAt, w.id ${RETURN_WEBHOOK}`,
  ]);
}

/**
 * Delivery reached `seq`: the receiver answered 2xx (or nothing up to it matched). Never moves back, so
 * a slow answer from an older attempt cannot undo a newer one; nothing happens to a deleted webhook.
 */
export function deliveredStatement(id: string, seq: number): Statement<{ deliveredSeq: number }> {
  return statement(
    'webhooks/delivered',
    [
      'MATCH (w:Webhook {id: $id}) WHERE w.deliveredSeq < $seq',
      'SET w.deliveredSeq = $seq, w.attempts = 0, w.nextAttemptAt = null, w.lastError = null,',
      '  w.lastDeliveredAt = datetime.realtime()',
      'RETURN w.deliveredSeq AS deliveredSeq',
    ],
    { id, seq },
  );
}

/** An attempt failed: count it, say why, and when the next one is due. */
export function failedStatement(
  id: string,
  error: string,
  nextAttemptAt: string,
): Statement<{ attempts: number }> {
  return statement(
    'webhooks/failed',
    [
      'MATCH (w:Webhook {id: $id})',
      'SET w.attempts = w.attempts + 1, w.lastError = $error, w.nextAttemptAt = datetime($nextAttemptAt)',
      'RETURN w.attempts AS attempts',
    ],
    { id, error, nextAttemptAt },
  );
}
