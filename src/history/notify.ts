/**
 * An in-process signal that changes committed, so a subscription or the webhook dispatcher reads the
 * log at once instead of at its next poll. It carries no data on purpose: the log is the one truth, and
 * a listener that missed a signal (or runs in another process) still finds every change by polling.
 */
import { AsyncResource } from 'node:async_hooks';
import { EventEmitter } from 'node:events';

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/** Called by a write path after its transaction committed. */
export function changesCommitted(): void {
  emitter.emit('committed');
}

/** Subscribes to the signal; returns the unsubscribe function. */
export function onChangesCommitted(listener: () => void): () => void {
  // The signal is sent inside a write request's async context; bound, a listener runs in its own (where
  // it subscribed), so the statements it sends are not counted, recorded or replayed as the request's
  // (an Idempotency-Key's transcript, say).
  const bound = AsyncResource.bind(listener);
  emitter.on('committed', bound);
  return () => emitter.off('committed', bound);
}
