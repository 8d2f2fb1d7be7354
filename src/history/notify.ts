/**
 * An in-process signal that changes committed, so a subscription or the webhook dispatcher reads the
 * log at once instead of at its next poll. It carries no data on purpose: the log is the one truth, and
 * a listener that missed a signal (or runs in another process) still finds every change by polling.
 */
import { EventEmitter } from 'node:events';

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/** Called by a write path after its transaction committed. */
export function changesCommitted(): void {
  emitter.emit('committed');
}

/** Subscribes to the signal; returns the unsubscribe function. */
export function onChangesCommitted(listener: () => void): () => void {
  emitter.on('committed', listener);
  return () => emitter.off('committed', listener);
}
