/**
 * Reading the change log: a page of changes after a number, filtered; changes up to a time (the as-of
 * reads); and the retention that removes old ones.
 */
import type { Neo4jGateway, Statement } from '../db/neo4j';
import { statement } from '../db/cypher-files';
import { AppError } from '../errors';
import type { ChangeFilter, ChangeOp, ChangeRecord, RelationshipRef } from './change';

export interface ChangeRow {
  seq: number;
  at: string;
  actorRole: string;
  actorName: string | null;
  op: ChangeOp;
  label: string | null;
  entityId: string | null;
  relType: string | null;
  fromLabel: string | null;
  fromId: string | null;
  toLabel: string | null;
  toId: string | null;
  before: string | null;
  after: string | null;
  removed: string | null;
  source: string | null;
  counts: string | null;
  files: string[] | null;
  zones: string[] | null;
  chains: string[] | null;
}

/** How many numbers one feed statement walks at most. */
const SCAN_WINDOW = 100_000;

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export function toChangeRecord(row: ChangeRow): ChangeRecord {
  const relationship: RelationshipRef | null =
    row.relType === null
      ? null
      : {
          type: row.relType,
          fromLabel: row.fromLabel ?? '',
          from: row.fromId ?? '',
          toLabel: row.toLabel ?? '',
          to: row.toId ?? '',
        };
  return {
    seq: row.seq,
    at: row.at,
    actor: { role: row.actorRole, name: row.actorName },
    op: row.op,
    label: row.label,
    id: row.entityId,
    relationship,
    before: parse(row.before),
    after: parse(row.after),
    removed: parse<RelationshipRef[]>(row.removed) ?? [],
    source: row.source,
    counts: parse(row.counts),
    files: row.files ?? [],
    zones: row.zones ?? [],
    chains: row.chains ?? [],
  };
}

export const RETURN_CHANGE =
  'RETURN c.seq AS seq, toString(c.at) AS at, c.actorRole AS actorRole, c.actorName AS actorName, c.op AS op, ' +
  'c.label AS label, c.entityId AS entityId, c.relType AS relType, c.fromLabel AS fromLabel, c.fromId AS fromId, ' +
  'c.toLabel AS toLabel, c.toId AS toId, c.before AS before, c.after AS after, c.removed AS removed, ' +
  'c.source AS source, c.counts AS counts, c.files AS files, c.zones AS zones, c.chains AS chains';

/** The filter as a WHERE over `c`; an empty list given matches nothing, as an empty `in` does. */
const FILTER = [
  '($labels IS NULL OR c.label IN $labels OR c.fromLabel IN $labels OR c.toLabel IN $labels)',
  '($ids IS NULL OR c.entityId IN $ids OR c.fromId IN $ids OR c.toId IN $ids)',
  '($zones IS NULL OR any(z IN c.zones WHERE z IN $zones))',
  '($chains IS NULL OR any(x IN c.chains WHERE x IN $chains))',
  '($ops IS NULL OR c.op IN $ops)',
].join(' AND ');

const filterParams = (filter: ChangeFilter = {}): Record<string, unknown> => ({
  labels: filter.labels ?? null,
  ids: filter.ids ?? null,
  zones: filter.zones ?? null,
  chains: filter.chains ?? null,
  ops: filter.ops ?? null,
});

/**
 * Up to `limit` changes numbered above `after`, in order, that match the filter. The scan walks the
 * seq index upwards over at most `scanLimit` numbers and stops at `limit` matches.
 */
export function changesStatement(
  after: number,
  head: number,
  limit: number,
  filter?: ChangeFilter,
  scanLimit = SCAN_WINDOW,
): Statement<ChangeRow> {
  return statement(
    'history/changes',
    [
      'CALL () {',
      '  MATCH (c:Change) WHERE c.seq > $after AND c.seq <= $after + $scanLimit AND c.seq <= $head',
      '  WITH c ORDER BY c.seq',
      `  WHERE ${FILTER}`,
      '  RETURN c LIMIT $limit',
      '}',
      RETURN_CHANGE,
    ],
    { after, head, limit, scanLimit, ...filterParams(filter) },
  );
}

/** How many changes numbered above `after` match the filter, counting at most `cap`: a backlog's size. */
export function countChangesStatement(
  after: number,
  filter: ChangeFilter | undefined,
  cap: number,
): Statement<{ count: number }> {
  return statement(
    'history/count',
    [
      'CALL () {',
      '  MATCH (c:Change) WHERE c.seq > $after',
      `  AND ${FILTER}`,
      '  RETURN c LIMIT $cap',
      '}',
      'RETURN count(c) AS count',
    ],
    { after, cap, ...filterParams(filter) },
  );
}

/** How many changes hold a number in (after, to]: all of them once every numbering up to `to` is visible. */
export function visibleStatement(after: number, to: number): Statement<{ visible: number }> {
  return statement(
    'history/visible',
    ['MATCH (c:Change) WHERE c.seq > $after AND c.seq <= $to RETURN count(c) AS visible'],
    { after, to },
  );
}

/**
 * The log's state as `logStateStatement` reads it, where a page read from `after` (or from the oldest
 * change kept) starts, and how many numbers of its first window, up to the head, can be seen: counted
 * after the head was read, as `awaitVisible` counts.
 */
export function stateAndVisibleStatement(
  after: number | null,
  window: number,
): Statement<{ seq: number; pruned: number; start: number; visible: number }> {
  return statement(
    'history/state-visible',
    [
      "OPTIONAL MATCH (k:ChangeLog {id: 'changes'})",
      'WITH coalesce(k.seq, 0) AS seq, coalesce(k.pruned, 0) AS pruned',
      'WITH seq, pruned, coalesce($after, pruned) AS start',
      'WITH seq, pruned, start, CASE WHEN seq < start + $window THEN seq ELSE start + $window END AS to',
      'RETURN seq, pruned, start, COUNT { MATCH (c:Change) WHERE c.seq > start AND c.seq <= to } AS visible',
    ],
    { after, window },
  );
}

/** The highest number taken, and the highest removed by retention (0 when none). */
export function logStateStatement(): Statement<{ seq: number; pruned: number }> {
  return statement('history/state', [
    "OPTIONAL MATCH (k:ChangeLog {id: 'changes'})",
    'RETURN coalesce(k.seq, 0) AS seq, coalesce(k.pruned, 0) AS pruned',
  ]);
}

/** The log's head and how far retention has cut it. */
export async function logState(gateway: Neo4jGateway): Promise<{ seq: number; pruned: number }> {
  const [row] = await gateway.read(logStateStatement());
  return row ?? { seq: 0, pruned: 0 };
}

/**
 * One page of the feed, up to the head read first. The bound is what makes the cursor safe: Neo4j reads
 * at READ COMMITTED without a snapshot, so a scan running while N and N + 1 commit may pass N's place in
 * the index before N lands and still meet N + 1 further on; a page ending at N + 1 would then skip N
 * for good (the 8-writer test caught exactly that). Every number up to the head had committed before
 * the scan began (see record.ts), so a scan bounded by it sees them all.
 *
 * A cursor that retention has overtaken would silently skip the changes removed
 * after it, so it is refused (CURSOR_EXPIRED) and the client knows to copy the graph afresh.
 */
export async function readChanges(
  gateway: Neo4jGateway,
  args: { after: number | null; first: number; filter?: ChangeFilter },
): Promise<{ changes: ChangeRecord[]; head: number; after: number; readTo: number }> {
  const [state = { seq: 0, pruned: 0, start: 0, visible: 0 }] = await gateway.read(
    stateAndVisibleStatement(args.after, SCAN_WINDOW),
  );
  // No cursor: from the oldest change retention has kept.
  const start = args.after ?? state.pruned;
  requireKept(start, state.pruned);
  const changes: ChangeRecord[] = [];
  let readTo = start;
  // A rare filter may find fewer than asked in one scan window; the page then goes on past it, up to the head.
  while (changes.length < args.first && readTo < state.seq) {
    const to = Math.min(state.seq, readTo + SCAN_WINDOW);
    // Every number of the window must be visible before the window is scanned: see awaitVisible. The
    // first window was counted with the head, in the same statement (one round trip fewer per poll).
    const counted = readTo === start && state.visible >= to - readTo;
    if (!counted && !(await awaitVisible(gateway, readTo, to))) break;
    const rows = await gateway.read(changesStatement(readTo, to, args.first - changes.length, args.filter));
    changes.push(...rows.map(toChangeRecord));
    readTo = to;
  }
  // A page shorter than asked has read every number up to where it got, matching or not: a reader goes
  // on from there, so a rare filter does not scan the same stretch again.
  if (changes.length >= args.first) readTo = changes.at(-1)?.seq ?? start;
  return { changes, head: state.seq, after: start, readTo };
}

/** How often a window is counted again while a numbering is still becoming visible (about 1 s in all). */
const VISIBLE_TRIES = 20;

/**
 * Waits until every number in (after, to] can be seen. Neo4j makes a committed transaction's writes
 * visible record by record and index entry by index entry, so a reader may see the counter's new head
 * before every number the same numbering gave; a scan then would step over the missing ones for good.
 * Counted before the scan, not after: what the count saw stays visible, so the scan sees it too. False
 * when the window is still not whole after about a second (the reader then gets a shorter page).
 */
async function awaitVisible(gateway: Neo4jGateway, after: number, to: number): Promise<boolean> {
  for (let attempt = 0; attempt <= VISIBLE_TRIES; attempt += 1) {
    const [seen] = await gateway.read(visibleStatement(after, to));
    if ((seen?.visible ?? 0) >= to - after) return true;
    await new Promise((resolve) => setTimeout(resolve, 5 * (attempt + 1)));
  }
  return false;
}

/**
 * Refuses a cursor that retention has overtaken: reading on from it would silently skip the changes
 * removed after it, so the client is told (CURSOR_EXPIRED) to copy the graph afresh.
 */
export function requireKept(after: number, pruned: number): void {
  if (after < pruned)
    throw new AppError(
      'CURSOR_EXPIRED',
      `changes up to ${pruned} were removed by retention; this cursor (after ${after}) would skip them`,
    );
}

/** Removes changes committed before `before`, in batches, and moves the log's `pruned` mark. */
export function pruneStatement(
  before: string,
  batch = 10_000,
): Statement<{ removed: number; pruned: number }> {
  return statement(
    'history/prune',
    [
      'MATCH (c:Change) WHERE c.at < datetime($before)',
      'WITH c ORDER BY c.seq LIMIT $batch',
      'WITH collect(c) AS cs, max(c.seq) AS top, max(c.at) AS last',
      "MATCH (k:ChangeLog {id: 'changes'})",
      'SET k.pruned = CASE WHEN top IS NULL OR coalesce(k.pruned, 0) > top THEN coalesce(k.pruned, 0) ELSE top END,',
      // The time of the newest change removed: an as-of answer for an earlier time would miss it.
      '  k.prunedAt = CASE WHEN last IS NULL OR k.prunedAt > last THEN k.prunedAt ELSE last END',
      'FOREACH (c IN cs | DELETE c)',
      'RETURN size(cs) AS removed, k.pruned AS pruned',
    ],
    { before, batch },
  );
}

/** Applies the retention: removes every change older than `days` days; returns how many went. */
export async function pruneChanges(gateway: Neo4jGateway, days: number, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const [row] = await gateway.write(pruneStatement(before));
    total += row?.removed ?? 0;
    if (!row || row.removed === 0) return total;
  }
}
