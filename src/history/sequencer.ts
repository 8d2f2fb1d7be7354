/**
 * The sequencer: it gives committed changes their numbers, in order, so writers never queue on one
 * counter (record.ts says why and how a writer records). One process at a time numbers, the holder of
 * the `sequencer` lease (db/lease.ts); every process watches the log's head and signals its own
 * subscriptions and webhook dispatcher when it moves.
 *
 * A pass is two transactions:
 * 1. the cut: take every change gate (in order), then read the unnumbered changes. Holding the gates,
 *    no change can commit during the read: each one is committed already (and seen) or waits behind a
 *    gate and will take its time `ts` only after this cut. So a change committed before another began is
 *    seen in the same cut or an earlier one, and within a cut its `ts` is the smaller.
 * 2. the numbering: under the counter's lock, and only while the lease is still ours (the fence), the
 *    cut's changes get the next numbers in `ts` order, and each its time `at`, never earlier than the
 *    change before it. A reader that sees the head at n sees every change up to n (feed.ts).
 *
 * The gates are released when the cut commits, so writers wait at most one short read for it.
 */
import type { Neo4jGateway, Statement } from '../db/neo4j';
import { statement } from '../db/cypher-files';
import { AsyncResource } from 'node:async_hooks';
import { LeaseKeeper, LEASE_DEFAULTS, PROCESS_ID, type LeaseOptions } from '../db/lease';
import { logError } from '../log';
import { changesNumbered, onChangesWritten } from './notify';
import { GATES } from './record';

/** Changes numbered per pass at most: bounds the statement; a longer backlog takes more passes. */
const PASS_LIMIT = 5_000;

/** The log's head and whether any change waits for its number: one cheap read, polled by every process. */
export const headStatement: Statement<{ head: number; pending: boolean }> = statement('history/head', [
  "OPTIONAL MATCH (k:ChangeLog {id: 'changes'})",
  'RETURN coalesce(k.seq, 0) AS head, EXISTS { MATCH (:Unsequenced) } AS pending',
]);

/**
 * One pass, in one statement and so one transaction: every gate locked in order (created if missing),
 * which the aggregation makes happen before anything else; then, under the counter's lock and only if
 * `holder` still holds the lease (the fence), the unnumbered changes, which no writer can add to while
 * the gates are held, numbered in `ts` order. No row when the lease is not `holder`'s. One transaction,
 * not a cut and then a numbering: each round trip and commit a pass saves is delay before the feed
 * shows a change (measured: a two-transaction pass took 53 ms at the median inside a busy service).
 */
export function passStatement(
  holder: string,
  limit = PASS_LIMIT,
): Statement<{ numbered: number; head: number }> {
  return statement(
    'history/number',
    [
      // MERGE, not MATCH: a writer creating a missing gate holds its key's lock, which this waits for.
      'UNWIND range(0, $gates - 1) AS n',
      'MERGE (g:ChangeGate {n: n})',
      'WITH g ORDER BY g.n',
      'SET g.held = true REMOVE g.held',
      'WITH count(g) AS gates',
      "MERGE (k:ChangeLog {id: 'changes'}) ON CREATE SET k.seq = 0",
      'SET k.held = true REMOVE k.held',
      'WITH k',
      "OPTIONAL MATCH (l:Lease {name: 'sequencer'})",
      'WITH k WHERE l.holder = $holder AND l.until > datetime.realtime()',
      'CALL (k) {',
      '  MATCH (c:Unsequenced) WITH c ORDER BY c.ts, elementId(c) LIMIT $limit',
      '  RETURN collect(c) AS cs',
      '}',
      // Each change's time: its own, or the one before it if the clock stepped back.
      "WITH k, cs, k.seq AS base, reduce(a = [coalesce(k.at, datetime('1970-01-01T00:00:00Z'))], c IN cs |",
      '  a + CASE WHEN c.ts > a[-1] THEN c.ts ELSE a[-1] END) AS ats',
      'FOREACH (i IN range(0, size(cs) - 1) |',
      '  FOREACH (c IN [cs[i]] | SET c.seq = base + i + 1, c.at = ats[i + 1] REMOVE c:Unsequenced))',
      'SET k.seq = base + size(cs), k.at = CASE WHEN size(cs) > 0 THEN ats[-1] ELSE k.at END',
      'RETURN size(cs) AS numbered, k.seq AS head',
    ],
    { gates: GATES, holder, limit },
  );
}

/**
 * One pass, as its own auto-commit transaction (one round trip: every round trip a pass saves is
 * delay before the feed shows a change); how many were numbered and the head after, null when the
 * lease was not `holder`'s.
 */
export async function sequencePass(
  gateway: Neo4jGateway,
  holder: string,
): Promise<{ numbered: number; head: number } | null> {
  const [row] = await gateway.writeOne(passStatement(holder));
  return row ?? null;
}

export interface SequencerOptions {
  /** How often every process reads the head (and the holder looks for unnumbered changes). */
  pollMs: number;
  /** The least time from the end of a pass to the next a local write asked for meanwhile. */
  gapMs: number;
  lease: LeaseOptions;
}

export const SEQUENCER_DEFAULTS: SequencerOptions = { pollMs: 50, gapMs: 10, lease: LEASE_DEFAULTS };

export interface Sequencer {
  /** Whether this process numbers now. */
  numbering(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts the sequencer of this process: it asks for the lease, numbers while it holds it (at once on
 * a local write's signal, and at every poll for other processes' writes), and watches the head either
 * way, signalling `changesNumbered` when it moves.
 */
export function startSequencer(
  gateway: Neo4jGateway,
  options: SequencerOptions = SEQUENCER_DEFAULTS,
  holder: string = PROCESS_ID,
): Sequencer {
  let head = -1;
  let stopped = false;
  let running = false;
  let again = false;
  let againSignalled = false;

  /** The head moved: every process's followers are told. */
  const saw = (now: number): void => {
    if (now === head) return;
    head = now;
    changesNumbered();
  };

  /**
   * A local write's signal means a change waits: the holder numbers at once, and the pass's row gives
   * the new head, so no read comes before or after it (under the bench's writes that read was half of
   * the sequencer's statements). A poll reads the head first, the cheap way to learn of other
   * processes' changes, and numbers only if one waits.
   */
  const tick = async (signalled: boolean): Promise<void> => {
    let known = signalled;
    for (;;) {
      if (stopped) return;
      if (!known) {
        const [state] = await gateway.read(headStatement);
        if (state) saw(state.head);
        if (!state?.pending) return;
      }
      if (!lease.holds()) return;
      const pass = await sequencePass(gateway, holder);
      if (pass === null) return;
      saw(pass.head);
      // A full pass may have left more; a short one left none that had committed when it began.
      if (pass.numbered < PASS_LIMIT) return;
      known = true;
    }
  };

  const run = (signalled = false): void => {
    if (stopped) return;
    if (running) {
      again = true;
      againSignalled ||= signalled;
      return;
    }
    running = true;
    tick(signalled)
      .catch((error: unknown) => {
        if (!stopped) logError('sequencer: numbering changes failed; it tries again at the next poll', error);
      })
      .finally(() => {
        running = false;
        if (again) {
          const next = againSignalled;
          again = false;
          againSignalled = false;
          // Writes that came during a pass are numbered by one more after a short gap, so that one
          // pass (which takes every gate) numbers many of them rather than one pass each.
          if (options.gapMs > 0) setTimeout(() => run(next), options.gapMs).unref();
          else run(next);
        }
      });
  };

  const lease = new LeaseKeeper(
    gateway,
    'sequencer',
    () => {
      run();
      return () => Promise.resolve();
    },
    options.lease,
    holder,
  ).start();
  // Bound here, at the start: a signal comes from inside a request, and the pass must not run in that
  // request's scope (it would be counted among the request's statements, and logged with it).
  const stopSignal = onChangesWritten(AsyncResource.bind(() => run(true)));
  const timer = setInterval(() => run(), options.pollMs);
  timer.unref();
  run();

  return {
    numbering: () => lease.holds(),
    stop: async () => {
      stopped = true;
      stopSignal();
      clearInterval(timer);
      await lease.stop();
    },
  };
}

/**
 * Numbers what waits, for a command that wrote without a service running: it takes the lease only if
 * no process holds it (a running service numbers its own), numbers everything, and gives it back.
 */
export async function sequenceNow(gateway: Neo4jGateway, holder: string = PROCESS_ID): Promise<number> {
  let total = 0;
  const lease = new LeaseKeeper(gateway, 'sequencer', () => () => Promise.resolve(), LEASE_DEFAULTS, holder);
  await lease.askNow();
  try {
    while (lease.holds()) {
      const pass = await sequencePass(gateway, holder);
      if (!pass?.numbered) break;
      total += pass.numbered;
    }
  } finally {
    await lease.stop();
  }
  if (total > 0) changesNumbered();
  return total;
}
