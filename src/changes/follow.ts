/**
 * Following the change log: what a subscription iterates. A follower reads the log from its last
 * number whenever this process signals a commit (history/notify.ts) and at every poll (changes written
 * by another process), so it sees every change once, in order: it reads by number, and numbers follow
 * commit order without gaps (history/record.ts).
 *
 * The queue between the log and the client is bounded. The replay of what came before the subscription
 * is paced by the client (the log holds it, so it is read only as the queue has room); once caught up,
 * a client that reads more slowly than changes come gets SUBSCRIBER_TOO_SLOW with the cursor to resume
 * from. Writers never wait for it: they only emit a signal, and the follower reads the log at its own pace.
 */
import type { Neo4jGateway } from '../db/neo4j';
import { AppError } from '../errors';
import { logError } from '../log';
import type { ChangeFilter, ChangeRecord } from '../history/change';
import { logState, readChanges, requireKept } from '../history/feed';
import { onChangesNumbered } from '../history/notify';
import { changeCursor } from './types';

/** Changes read per statement; a follower behind by more reads again at once. */
const PAGE = 200;

export interface FollowOptions {
  /** The number to follow after; null follows from the head, that is only changes still to come. */
  after: number | null;
  filter: ChangeFilter;
  /** Events that may wait for the client before it is dropped (SUBSCRIPTION_QUEUE_LIMIT). */
  queueLimit: number;
  /** How often the log is read without a signal (CHANGE_POLL_MS). */
  pollMs: number;
}

/**
 * A follower of the log, as an async iterator of change records. It is opened (the cursor checked
 * against retention, the head read) before it is returned, so a bad cursor fails the subscription at
 * once instead of after its first event.
 */
export async function followChanges(
  gateway: Neo4jGateway,
  options: FollowOptions,
): Promise<AsyncIterableIterator<ChangeRecord>> {
  const state = await logState(gateway);
  if (options.after !== null) requireKept(options.after, state.pruned);
  return new Follower(gateway, options, options.after ?? state.seq, state.seq);
}

class Follower implements AsyncIterableIterator<ChangeRecord> {
  private readonly queue: ChangeRecord[] = [];
  /** The number read up to: the next read starts after it. */
  private cursor: number;
  /** The number of the last change handed to the client: where a dropped client resumes. */
  private delivered: number;
  /** The head when the subscription opened: up to it the follower replays, paced by the client. */
  private readonly replayUntil: number;
  private failure: Error | undefined;
  private ended = false;
  private reading = false;
  private readAgain = false;
  private wake: (() => void) | undefined;
  private readonly stopSignal: () => void;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly gateway: Neo4jGateway,
    private readonly options: FollowOptions,
    start: number,
    head: number,
  ) {
    this.cursor = start;
    this.delivered = start;
    this.replayUntil = head;
    this.stopSignal = onChangesNumbered(() => this.read());
    this.timer = setInterval(() => this.read(), options.pollMs);
    this.timer.unref();
    this.read();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ChangeRecord> {
    return this;
  }

  async next(): Promise<IteratorResult<ChangeRecord>> {
    for (;;) {
      const change = this.queue.shift();
      if (change) {
        this.delivered = change.seq;
        if (this.replaying()) this.read();
        return { value: change, done: false };
      }
      if (this.failure) {
        const failure = this.failure;
        this.close();
        throw failure;
      }
      if (this.ended) return { value: undefined, done: true };
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The client unsubscribed or went away. */
  return(): Promise<IteratorResult<ChangeRecord>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  private close(): void {
    this.ended = true;
    this.queue.length = 0;
    this.stopSignal();
    clearInterval(this.timer);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Reads on from the cursor; a signal during a read makes one more read after it, never two at once. */
  private read(): void {
    if (this.ended || this.failure) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    this.readOn()
      .catch((error: unknown) => {
        // A bad cursor is final; a database that did not answer is asked again at the next poll.
        if (error instanceof AppError) this.fail(error);
        else logError('subscription: reading the change log failed; retrying at the next poll', error);
      })
      .finally(() => {
        this.reading = false;
        if (this.readAgain) {
          this.readAgain = false;
          this.read();
        }
      });
  }

  private replaying(): boolean {
    return this.cursor < this.replayUntil;
  }

  private async readOn(): Promise<void> {
    for (;;) {
      const replaying = this.replaying();
      const room = this.options.queueLimit - this.queue.length;
      // A replay waits for room rather than overflow: what it has not read yet is safe in the log.
      if (replaying && room <= 0) return;
      const first = replaying ? Math.min(PAGE, room) : PAGE;
      const page = await readChanges(this.gateway, {
        after: this.cursor,
        first,
        filter: this.options.filter,
      });
      if (this.ended) return;
      for (const change of page.changes) {
        if (this.queue.length >= this.options.queueLimit) {
          this.tooSlow();
          return;
        }
        this.queue.push(change);
      }
      this.cursor = page.readTo;
      this.notify();
      if (page.changes.length < first && !this.replaying()) return;
    }
  }

  private tooSlow(): void {
    const resumeAfter = changeCursor(this.delivered);
    this.fail(
      new AppError(
        'SUBSCRIBER_TOO_SLOW',
        `more than ${this.options.queueLimit} changes waited for this subscriber, so it was dropped; ` +
          `subscribe again with after: "${resumeAfter}" (the last change delivered) to go on without a gap`,
        { resumeAfter, queueLimit: this.options.queueLimit },
      ),
    );
  }

  private fail(error: Error): void {
    this.failure = error;
    // What was queued is dropped: the client resumes from the last change it was given.
    this.queue.length = 0;
    this.stopSignal();
    clearInterval(this.timer);
    this.notify();
  }
}
