/**
 * In-process signals of the change log. They carry no data on purpose: the log is the one truth, and a
 * listener that missed a signal (or runs in another process) still finds every change by polling.
 *
 * - written: a write committed an unnumbered change; this process's sequencer numbers it at once
 *   instead of at its next poll.
 * - numbered: the log's head moved (this process numbered changes, or saw that another did); the
 *   subscriptions and the webhook dispatcher read on.
 */
import { AsyncResource } from 'node:async_hooks';
import { EventEmitter } from 'node:events';

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

function on(event: 'written' | 'numbered', listener: () => void): () => void {
  // A signal is sent inside a write request's async context; bound, a listener runs in its own (where
  // it subscribed), so the statements it sends are not counted, recorded or replayed as the request's
  // (an Idempotency-Key's transcript, say).
  const bound = AsyncResource.bind(listener);
  emitter.on(event, bound);
  return () => emitter.off(event, bound);
}

/** Called by the write pipeline after a transaction that recorded a change committed. */
export function changesWritten(): void {
  emitter.emit('written');
}

/** Subscribes to `changesWritten`; returns the unsubscribe function. */
export const onChangesWritten = (listener: () => void): (() => void) => on('written', listener);

/** Called when the log's head moved. */
export function changesNumbered(): void {
  emitter.emit('numbered');
}

/** Subscribes to `changesNumbered`; returns the unsubscribe function. */
export const onChangesNumbered = (listener: () => void): (() => void) => on('numbered', listener);
