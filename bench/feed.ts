/**
 * A client of the change feed, as an application following it would be: it reads `Query.changes` after
 * its cursor, and as soon as a page answers it asks for the next one (no pause between polls), so what
 * it measures is when a change becomes visible to a client, at the resolution of one poll's round trip
 * (printed beside the delays). It is not a subscription: `chainChanges` follows one industry chain, and
 * the bench's writes touch none (so that no read shape's answer changes).
 */
import type { GraphQLClient } from './load';
import type { Spread } from './report';

const CHANGES = `query Follow($after: String, $first: Int) {
  changes(after: $after, first: $first) {
    edges { node { seq entityId } }
    pageInfo { endCursor }
    head
  }
}`;

/** The largest page Query.changes gives. */
const PAGE = 500;

/** The feed's cursor of a number, as the service writes it (src/changes/types.ts). */
export const changeCursor = (seq: number): string => Buffer.from(`change:${seq}`).toString('base64url');

/** The log's head as a client sees it. */
export async function feedHead(client: GraphQLClient): Promise<number> {
  const answer = await client.post('{ changes(first: 1) { head } }', {});
  const head = (answer.data?.changes as { head?: string } | undefined)?.head;
  if (head === undefined) throw new Error(`Query.changes gave no head: ${JSON.stringify(answer.errors)}`);
  return Number(head);
}

export interface SeenChange {
  seq: number;
  entityId: string | null;
  /** performance.now() when the page holding it answered. */
  at: number;
}

export interface Follower {
  /** Every change read, in the order read. */
  readonly seen: SeenChange[];
  /** Round trips of the polls, ms. */
  readonly polls: number[];
  /** Failed polls (the process it reads through gone, say), and the first failure. */
  errors(): { count: number; first: string | undefined };
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows the feed from after `fromSeq`, calling `onChange` for each change as its page arrives, until
 * stopped. `via` is asked before each poll which process to read through (the takeover switches).
 */
export function followFeed(
  via: () => GraphQLClient,
  fromSeq: number,
  onChange: (change: SeenChange) => void = () => undefined,
): Follower {
  const seen: SeenChange[] = [];
  const polls: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let stopped = false;
  let cursor = changeCursor(fromSeq);
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        const answer = await via().post(CHANGES, { after: cursor, first: PAGE });
        const at = performance.now();
        const page = answer.data?.changes as
          | {
              edges: { node: { seq: string; entityId: string | null } }[];
              pageInfo: { endCursor: string };
            }
          | undefined;
        if (!page) throw new Error(answer.errors?.[0]?.message ?? 'no data');
        polls.push(at - t0);
        for (const { node } of page.edges) {
          const change = { seq: Number(node.seq), entityId: node.entityId, at };
          seen.push(change);
          onChange(change);
        }
        cursor = page.pageInfo.endCursor;
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
        // Not a busy loop against a process that is gone: a failed poll waits a little.
        await sleep(20);
      }
    }
  })();
  return {
    seen,
    polls,
    errors: () => ({ count: errors, first: firstError }),
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** p50, p95 and max of durations in ms (nearest rank); zeros when there are none. */
export function spread(values: number[]): Spread {
  if (values.length === 0) return { count: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, p50Ms: at(50), p95Ms: at(95), maxMs: sorted[sorted.length - 1] ?? 0 };
}

/** Waits until `done()` holds or `ms` passed, checking every `everyMs`; whether it held. */
export async function waitFor(done: () => boolean, ms: number, everyMs = 10): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}
