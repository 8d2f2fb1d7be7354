/**
 * The parts of the bench about the change log's sequencer (issue 24), run after the shapes, each with
 * processes of (a) of its own (same environment as (a), over the one bench database):
 *
 * - the feed's delay: upserts through (a) while a client follows Query.changes; for each write, the time
 *   from its HTTP answer to the follower first seeing its change;
 * - N processes: upsertEnterprise and entity round-robin over N processes, for each N asked;
 * - the takeover: writes through two processes, the one holding the sequencer lease killed with
 *   SIGKILL, the time until the feed advances through the survivor, then every acknowledged write's
 *   change checked in the feed once and the numbers checked gapless.
 *
 * The feed and takeover phases give each write an id of its own (FEED_ID_PREFIX, TAKEOVER_ID_PREFIX and
 * the request's index), so each change names the one write it stands for.
 */
import type { Driver } from 'neo4j-driver';
import type { Neo4jConnection } from '../src/config/config';
import { startApi, type ApiChild } from './children';
import { feedHead, followFeed, spread, waitFor, type Follower } from './feed';
import { closedLoop, graphqlClient, graphqlSender, type GraphQLClient, type Send } from './load';
import type { FeedFigures, ProcessesRow, TakeoverFigures } from './report';
import { num, WRITTEN_ID_PREFIX, type Params } from './shape';
import { SHAPES, type Shape } from './shapes';
import { upsertEnterprise, upsertVariables } from './shapes-writes';

export const FEED_ID_PREFIX = `${WRITTEN_ID_PREFIX}f-`;
export const TAKEOVER_ID_PREFIX = `${WRITTEN_ID_PREFIX}t-`;

/** The shapes the processes phase drives: the upsert and one read. */
export const PROCESS_SHAPES = ['upsertEnterprise', 'entity'] as const;

export interface PhaseContext {
  connection: Neo4jConnection;
  /** The bench's own driver, for the lease (who holds it is no question the API answers). */
  driver: Driver;
  params: Params[];
  run: { concurrency: number; warmupMs: number; durationMs: number };
  /** Every API child running, so that the bench stops them on any failure. */
  children: Set<ApiChild>;
  log: (line: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function startOurs(ctx: PhaseContext): Promise<ApiChild> {
  const api = await startApi('ours', ctx.connection);
  ctx.children.add(api);
  return api;
}

async function stopAll(ctx: PhaseContext, apis: ApiChild[], clients: GraphQLClient[]): Promise<void> {
  for (const client of clients) client.close();
  for (const api of apis) {
    await api.stop();
    ctx.children.delete(api);
  }
}

/** A sender of upserts each with its own id, `prefix` and the request's index. */
function upsertSender(client: GraphQLClient, prefix: string, params: Params[]): Send {
  return graphqlSender(
    client,
    upsertEnterprise.ours.query,
    (i) => upsertVariables(`${prefix}${i}`, params[i % params.length]),
    upsertEnterprise.ours.headers,
  );
}

/** Measures the feed's delay through one fresh process of (a). */
export async function feedPhase(ctx: PhaseContext): Promise<FeedFigures> {
  const api = await startOurs(ctx);
  const client = graphqlClient(api.url, ctx.run.concurrency);
  // The follower's own socket: its polls never queue behind the writes on the client side.
  const followClient = graphqlClient(api.url, 1);
  try {
    const firstSeen = new Map<string, number>();
    const startHead = await feedHead(followClient);
    const follower = followFeed(
      () => followClient,
      startHead,
      ({ entityId, at }) => {
        if (entityId !== null && !firstSeen.has(entityId)) firstSeen.set(entityId, at);
      },
    );
    const acks = new Map<string, number>();
    const post = upsertSender(client, FEED_ID_PREFIX, ctx.params);
    const measureFrom = performance.now() + ctx.run.warmupMs;
    const writes = await closedLoop({
      ...ctx.run,
      send: async (i) => {
        const started = performance.now();
        const error = await post(i);
        if (error === undefined && started >= measureFrom)
          acks.set(`${FEED_ID_PREFIX}${i}`, performance.now());
        return error;
      },
    });
    await waitFor(() => [...acks.keys()].every((id) => firstSeen.has(id)), 10_000, 50);
    await follower.stop();
    const delays: number[] = [];
    let seenBeforeAck = 0;
    for (const [id, ack] of acks) {
      const seen = firstSeen.get(id);
      if (seen === undefined) continue;
      if (seen < ack) seenBeforeAck += 1;
      delays.push(Math.max(0, seen - ack));
    }
    const failed = follower.errors();
    if (failed.count > 0) ctx.log(`bench: feed: ${failed.count} polls failed, the first: ${failed.first}`);
    // A write never seen: whether the log lacks it or the feed stepped over its number.
    const log = await logAfter(ctx, startHead, FEED_ID_PREFIX);
    const inLog = new Set(log.changes.map((c) => c.id));
    const read = new Set(follower.seen.map((c) => c.seq));
    const lastRead = follower.seen.reduce((a, c) => Math.max(a, c.seq), startHead);
    return {
      writes,
      acknowledged: acks.size,
      seen: delays.length,
      missing: acks.size - delays.length,
      missingInLog: [...acks.keys()].filter((id) => !inLog.has(id)).length,
      skipped: log.changes
        .map((c) => c.seq)
        .filter((seq) => seq <= lastRead && !read.has(seq))
        .sort((a, b) => a - b)
        .slice(0, 10),
      seenBeforeAck,
      delay: spread(delays),
      poll: spread(follower.polls),
    };
  } finally {
    await stopAll(ctx, [api], [client, followClient]);
  }
}

/** For each count in `counts`, that many fresh processes of (a), each shape round-robin over them. */
export async function processesPhase(ctx: PhaseContext, counts: number[]): Promise<ProcessesRow[]> {
  const shapes = PROCESS_SHAPES.map((name) => SHAPES.find((s) => s.name === name) as Shape);
  const rows: ProcessesRow[] = [];
  for (const n of counts) {
    const apis: ApiChild[] = [];
    const clients: GraphQLClient[] = [];
    try {
      ctx.log(`bench: processes: starting ${n} of (a)`);
      for (let k = 0; k < n; k += 1) {
        const api = await startOurs(ctx);
        apis.push(api);
        // Each process gets as many sockets as workers: round-robin decides, not the agent.
        clients.push(graphqlClient(api.url, ctx.run.concurrency));
      }
      for (const shape of shapes) {
        const senders = clients.map((client) =>
          graphqlSender(
            client,
            shape.ours.query,
            (i) => shape.ours.variables(ctx.params[i % ctx.params.length]),
            shape.ours.headers,
          ),
        );
        const load = await closedLoop({
          ...ctx.run,
          send: (i) => senders[i % n](i),
        });
        rows.push({ shape: shape.name, processes: n, load });
        ctx.log(
          `bench: processes ${n}, ${shape.name}: ${load.rps.toFixed(1)} req/s, p95 ${load.p95Ms.toFixed(2)} ms, ` +
            `${load.errors} errors${load.firstError ? `; first error: ${load.firstError}` : ''}`,
        );
      }
    } finally {
      await stopAll(ctx, apis, clients);
    }
  }
  return rows;
}

/** Who holds the sequencer lease now (a grant not run out), as `hostname/pid/random`. */
async function leaseHolder(ctx: PhaseContext): Promise<string | null> {
  const session = ctx.driver.session({ database: ctx.connection.database, defaultAccessMode: 'READ' });
  try {
    const result = await session.run(
      "OPTIONAL MATCH (l:Lease {name: 'sequencer'}) WHERE l.until > datetime.realtime() RETURN l.holder AS holder",
    );
    const holder: unknown = result.records[0]?.get('holder');
    return typeof holder === 'string' ? holder : null;
  } finally {
    await session.close();
  }
}

/** The log after `seq` as the database holds it, and how many changes of ids under `prefix` wait unnumbered. */
async function logAfter(
  ctx: PhaseContext,
  seq: number,
  prefix: string,
): Promise<{ changes: { seq: number; id: string | null }[]; unnumbered: number }> {
  const session = ctx.driver.session({ database: ctx.connection.database, defaultAccessMode: 'READ' });
  try {
    const numbered = await session.run(
      'MATCH (c:Change) WHERE c.seq > $seq RETURN c.seq AS seq, c.entityId AS id',
      { seq },
    );
    const waiting = await session.run(
      'MATCH (c:Unsequenced) WHERE c.entityId STARTS WITH $prefix RETURN count(c) AS n',
      { prefix },
    );
    return {
      changes: numbered.records.map((r) => ({
        seq: num(r.get('seq')),
        id: (r.get('id') as string | null) ?? null,
      })),
      unnumbered: num(waiting.records[0]?.get('n')),
    };
  } finally {
    await session.close();
  }
}

const pidOf = (holder: string | null): number => Number(holder?.split('/')[1]);

/** Requests the takeover phase sends at most, whatever the timing: a bound on the nodes it writes. */
const TAKEOVER_MAX_WRITES = 100_000;

/**
 * Two fresh processes of (a) under upserts round-robin; the lease holder is killed with SIGKILL after
 * the warm-up and two seconds of load, the writes go on through the survivor, and the phase measures
 * the time from the kill to the follower (reading through the survivor) seeing the change of a write
 * sent after the kill: that write committed after the kill, so only the survivor can have numbered it.
 */
export async function takeoverPhase(ctx: PhaseContext): Promise<TakeoverFigures> {
  const apis = [await startOurs(ctx), await startOurs(ctx)];
  const clients = apis.map((api) => graphqlClient(api.url, ctx.run.concurrency));
  const followClients = apis.map((api) => graphqlClient(api.url, 1));
  const figures: TakeoverFigures = {
    takeoverMs: null,
    killed: '',
    holderAfter: null,
    sent: 0,
    acknowledged: 0,
    failed: 0,
    missing: 0,
    repeated: 0,
    failedInFeed: 0,
    firstSeq: null,
    lastSeq: null,
    gaps: 0,
    repeatedSeqs: 0,
    skipped: [],
    log: null,
  };
  let follower: Follower | undefined;
  let stopping = false;
  let workers: Promise<void[]> | undefined;
  try {
    let holder: string | null = null;
    const deadline = performance.now() + 15_000;
    while (!apis.some((api) => api.pid === pidOf(holder))) {
      if (performance.now() > deadline)
        throw new Error(
          `neither process took the sequencer lease within 15 s (it is held by ${holder ?? 'nobody'})`,
        );
      await sleep(100);
      holder = await leaseHolder(ctx);
    }
    let victim = apis.findIndex((api) => api.pid === pidOf(holder));
    const survivor = (): number => 1 - victim;
    const startHead = await feedHead(followClients[survivor()]);
    const sentAt = new Map<string, number>();
    const counts = new Map<string, number>();
    const acked = new Set<string>();
    const failed = new Set<string>();
    // Set by the kill and by the follower's callback, read by the workers and the wait below.
    const times: { killedAt?: number; advancedAt?: number } = {};
    follower = followFeed(
      () => followClients[survivor()],
      startHead,
      ({ entityId, at }) => {
        if (entityId === null) return;
        counts.set(entityId, (counts.get(entityId) ?? 0) + 1);
        const sent = sentAt.get(entityId);
        const { killedAt } = times;
        if (killedAt !== undefined && times.advancedAt === undefined && sent !== undefined && sent > killedAt)
          times.advancedAt = at;
      },
    );
    const senders = clients.map((client) => upsertSender(client, TAKEOVER_ID_PREFIX, ctx.params));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!stopping && next < TAKEOVER_MAX_WRITES) {
        const i = next;
        next += 1;
        const id = `${TAKEOVER_ID_PREFIX}${i}`;
        // Before the kill round-robin over both; after it, the survivor only.
        const to = times.killedAt === undefined ? i % 2 : survivor();
        sentAt.set(id, performance.now());
        let error: string | undefined;
        try {
          error = await senders[to](i);
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        (error === undefined ? acked : failed).add(id);
      }
    };
    workers = Promise.all(Array.from({ length: ctx.run.concurrency }, worker));
    await sleep(Math.max(ctx.run.warmupMs, 1000) + 2000);
    holder = await leaseHolder(ctx);
    victim = apis.findIndex((api) => api.pid === pidOf(holder));
    if (victim < 0) throw new Error(`the sequencer lease is held by ${holder ?? 'nobody'}, neither process`);
    figures.killed = holder ?? '';
    ctx.log(`bench: takeover: killing ${holder ?? ''} (SIGKILL)`);
    const killedAt = performance.now();
    times.killedAt = killedAt;
    process.kill(apis[victim].pid, 'SIGKILL');
    await waitFor(() => times.advancedAt !== undefined, 30_000);
    if (times.advancedAt !== undefined) figures.takeoverMs = times.advancedAt - killedAt;
    else figures.error = 'the feed did not advance within 30 s of the kill';
    // Two more seconds of writes through the survivor, numbered by it from the start.
    await sleep(2000);
    stopping = true;
    await workers;
    await waitFor(() => [...acked].every((id) => counts.has(id)), 15_000, 50);
    figures.holderAfter = await leaseHolder(ctx);
    await follower.stop();
    const seqs = follower.seen.map((c) => c.seq);
    const distinct = new Set(seqs);
    figures.sent = sentAt.size;
    figures.acknowledged = acked.size;
    figures.failed = failed.size;
    figures.missing = [...acked].filter((id) => !counts.has(id)).length;
    figures.repeated = [...acked].filter((id) => (counts.get(id) ?? 0) > 1).length;
    figures.failedInFeed = [...failed].filter((id) => counts.has(id)).length;
    figures.repeatedSeqs = seqs.length - distinct.size;
    if (seqs.length > 0) {
      figures.firstSeq = seqs.reduce((a, b) => Math.min(a, b));
      figures.lastSeq = seqs.reduce((a, b) => Math.max(a, b));
      // Every number after the starting head up to the last read should have been read once.
      figures.gaps = figures.lastSeq - startHead - distinct.size;
    }
    const log = await logAfter(ctx, startHead, TAKEOVER_ID_PREFIX);
    const inLog = new Map<string, number>();
    for (const c of log.changes) if (c.id !== null) inLog.set(c.id, (inLog.get(c.id) ?? 0) + 1);
    const logSeqs = new Set(log.changes.map((c) => c.seq));
    const top = log.changes.reduce((a, c) => Math.max(a, c.seq), startHead);
    figures.log = {
      missing: [...acked].filter((id) => !inLog.has(id)).length,
      repeated: [...acked].filter((id) => (inLog.get(id) ?? 0) > 1).length,
      gaps: top - startHead - logSeqs.size,
      unnumbered: log.unnumbered,
    };
    figures.skipped = [...logSeqs]
      .filter((seq) => !distinct.has(seq) && seq <= (figures.lastSeq ?? startHead))
      .sort((a, b) => a - b)
      .slice(0, 10);
    const pollErrors = follower.errors();
    if (pollErrors.count > 0)
      ctx.log(`bench: takeover: ${pollErrors.count} polls failed, the first: ${pollErrors.first}`);
    return figures;
  } catch (error) {
    figures.error = error instanceof Error ? error.message : String(error);
    return figures;
  } finally {
    stopping = true;
    await workers?.catch(() => undefined);
    await follower?.stop();
    await stopAll(ctx, apis, [...clients, ...followClients]);
  }
}
