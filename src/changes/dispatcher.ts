/**
 * Webhook delivery. For each webhook, the changes after its `deliveredSeq` that match its filter are
 * POSTed one per request, in order; a 2xx answer moves `deliveredSeq` in Neo4j to that change, and only
 * then is the next one sent. Anything else (a status, a refused connection, no answer within
 * WEBHOOK_TIMEOUT_MS) is retried after an exponential backoff with jitter, up to WEBHOOK_MAX_BACKOFF_MS
 * between attempts, for as long as it takes: a change is never skipped. The state is on the node, so a
 * restart goes on from it; a change whose 2xx came but whose cursor had not yet moved is sent again,
 * which is why delivery is at-least-once and receivers dedupe on the change's `seq`.
 *
 * One change per request keeps the order and the retry simple: a receiver that fails on change n
 * never sees n + 1 first, and an answer acknowledges exactly one change.
 */
import type { Neo4jGateway } from '../db/neo4j';
import { log, logError } from '../log';
import { readChanges } from '../history/feed';
import { onChangesNumbered } from '../history/notify';
import type { ChangeRecord } from '../history/change';
import { changeCursor, toChange } from './types';
import { signatureHeader } from './signature';
import {
  deliveredStatement,
  failedStatement,
  listWebhooksStatement,
  type WebhookRow,
} from './webhook-statements';
import { filterOf } from './webhook-types';

/**
 * Whether the last read found a webhook (module-wide, like `delivering`). A signal (a change numbered)
 * reads the webhooks only then: with none registered, each of the sequencer's passes cost a read for
 * nothing (30 a second under the bench's writes). A webhook registered through this process says so
 * (`webhooksChanged`); one registered through another is found by the next poll (CHANGE_POLL_MS).
 */
let anyHooks = true;

/** A webhook was registered here: the next signal reads the webhooks again. */
export function webhooksChanged(): void {
  anyHooks = true;
}

/** The first retry's wait; each further one doubles it, up to WEBHOOK_MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 500;
/** Changes read per statement while a webhook catches up. */
const PAGE = 100;
/** How much of a receiver's answer is kept as the last error. */
const ERROR_TEXT = 200;

export interface DispatcherSettings {
  timeoutMs: number;
  maxBackoffMs: number;
  /** How often webhooks are looked at without a signal (CHANGE_POLL_MS): changes of other processes, due retries. */
  pollMs: number;
}

/**
 * Webhooks being delivered in this process. Module-wide, not per dispatcher: two apps in one process
 * (a restart in a test, say) must not both send the same webhook's changes at once.
 */
const delivering = new Set<string>();

/** The wait before attempt `attempts + 1`: doubling, capped, with jitter so receivers are not hit in step. */
export function backoffMs(attempts: number, maxBackoffMs: number): number {
  const ceiling = Math.min(maxBackoffMs, FIRST_BACKOFF_MS * 2 ** Math.min(attempts, 30));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** The body of one delivery: the webhook, and the change as Query.changes gives it, with its cursor. */
export function deliveryBody(webhookId: string, change: ChangeRecord): string {
  return JSON.stringify({ webhookId, cursor: changeCursor(change.seq), change: toChange(change) });
}

/** Starts delivering; returns the function that stops it (in-flight requests are aborted, not acknowledged). */
export function startDispatcher(gateway: Neo4jGateway, settings: DispatcherSettings): () => Promise<void> {
  const aborter = new AbortController();
  const running = new Set<Promise<void>>();
  const retryTimers = new Set<NodeJS.Timeout>();
  /** Webhooks a sweep passed over while they were being delivered: looked at again when that ends. */
  const passedOver = new Set<string>();
  let sweeping = false;
  let sweepAgain = false;
  let stopped = false;

  /** Sends one change; null when the receiver answered 2xx, else why not. */
  const send = async (hook: WebhookRow, change: ChangeRecord): Promise<string | null> => {
    const body = deliveryBody(hook.id, change);
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': `${hook.id}/${change.seq}`,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(hook.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([aborter.signal, AbortSignal.timeout(settings.timeoutMs)]),
      });
      const text = await response.text().catch(() => '');
      if (response.status >= 200 && response.status < 300) return null;
      return `HTTP ${response.status}${text ? `: ${text.slice(0, ERROR_TEXT)}` : ''}`;
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError') return `no answer within ${settings.timeoutMs} ms`;
      return `${e.cause?.code ?? e.name}: ${e.message}`.slice(0, ERROR_TEXT);
    }
  };

  /** Delivers a webhook's backlog in order until it is empty, an attempt fails, or the dispatcher stops. */
  const deliver = async (hook: WebhookRow): Promise<void> => {
    let after = hook.deliveredSeq;
    const filter = filterOf(hook);
    for (;;) {
      const page = await readChanges(gateway, { after, first: PAGE, filter });
      if (page.changes.length === 0) {
        // Nothing matched up to the head: the cursor moves there, so the next look does not scan it again.
        if (page.readTo > after) await gateway.write(deliveredStatement(hook.id, page.readTo));
        return;
      }
      for (const change of page.changes) {
        if (stopped) return;
        const failure = await send(hook, change);
        if (stopped) return;
        if (failure !== null) {
          const wait = backoffMs(hook.attempts, settings.maxBackoffMs);
          const next = new Date(Date.now() + wait).toISOString();
          await gateway.write(failedStatement(hook.id, failure, next));
          log(`webhook ${hook.id}: change ${change.seq} not delivered (${failure}); retry in ${wait} ms`);
          const timer = setTimeout(() => {
            retryTimers.delete(timer);
            sweep();
          }, wait + 10);
          timer.unref();
          retryTimers.add(timer);
          return;
        }
        const [moved] = await gateway.write(deliveredStatement(hook.id, change.seq));
        // Deleted meanwhile: stop sending its changes.
        if (!moved) return;
        after = change.seq;
        hook.attempts = 0;
      }
      if (page.changes.length < PAGE) return;
    }
  };

  const start = (hook: WebhookRow): void => {
    delivering.add(hook.id);
    const run = deliver(hook)
      .catch((error: unknown) => {
        if (!stopped) logError(`webhook ${hook.id}: delivery stopped; it resumes at the next poll`, error);
      })
      .finally(() => {
        delivering.delete(hook.id);
        running.delete(run);
        // A change may have committed after the last page was read, its signal passed over.
        if (passedOver.delete(hook.id)) sweep();
      });
    running.add(run);
  };

  /** Starts every webhook that has something due and is not already being delivered. */
  const sweepOnce = async (signalled: boolean): Promise<void> => {
    if (signalled && !anyHooks) return;
    const hooks = await gateway.read(listWebhooksStatement());
    anyHooks = hooks.length > 0;
    const now = Date.now();
    for (const hook of hooks) {
      if (stopped) return;
      if (delivering.has(hook.id)) {
        passedOver.add(hook.id);
        continue;
      }
      if (hook.nextAttemptAt !== null && Date.parse(hook.nextAttemptAt) > now) continue;
      start(hook);
    }
  };

  function sweep(signalled = false): void {
    if (stopped) return;
    if (sweeping) {
      sweepAgain = true;
      return;
    }
    sweeping = true;
    sweepOnce(signalled)
      .catch((error: unknown) => {
        if (!stopped) logError('webhooks: reading them failed; trying again at the next poll', error);
      })
      .finally(() => {
        sweeping = false;
        if (sweepAgain) {
          sweepAgain = false;
          sweep();
        }
      });
  }

  const stopSignal = onChangesNumbered(() => sweep(true));
  const timer = setInterval(() => sweep(), settings.pollMs);
  timer.unref();
  sweep();

  return async () => {
    stopped = true;
    stopSignal();
    clearInterval(timer);
    for (const t of retryTimers) clearTimeout(t);
    aborter.abort();
    await Promise.allSettled([...running]);
  };
}
