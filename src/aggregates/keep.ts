/**
 * Keeping the aggregates exact. Two ways (see statements.ts for the locks):
 *
 * - a write's delta (`keepTallies`), in the write's own transaction: the subjects that depend on what
 *   it touches are locked and their facts read before the write, read again after it, and the
 *   difference recorded as pending `(:TallyDelta)` nodes under one gate of each zone and chain it
 *   changes. It costs three statements, none of which reads more than the subjects themselves, and no
 *   two writers of a zone queue on one node unless they draw the same gate. The folder (fold.ts) adds
 *   the deltas to the tallies later; readers add the pending ones themselves (`tallyOf`).
 * - a recount: of the zones and chains an import touched (`recountTouched`, a few owners per
 *   transaction), or of everything (`recountAll`, one pass over every subject: the initial import, a
 *   stale start; `check.ts` counts the same way). Each takes every gate of its owners before it counts,
 *   then replaces their tallies and deletes their pending deltas.
 */
import type { Neo4jGateway, TransactionRunner } from '../db/neo4j';
import {
  allOwnersStatement,
  countedProperties,
  addDeltaStatement,
  allKeysStatement,
  GATES,
  lockGatesStatement,
  lockTalliesStatement,
  ownedKeysStatement,
  replaceTalliesStatement,
  subjectPageStatement,
  dependentsStatement,
  factsStatement,
  markStatement,
  ownedSubjectsStatement,
  stateStatement,
  type Gate,
  type NodeRef,
  type SubjectRow,
} from './statements';
import { delta, rowsOf, sumInto, type Facts, type TallyRow } from './tally';

export type { NodeRef } from './statements';

/** Subjects per facts statement: bounds the statement's parameters and its rows. */
const FACTS_BATCH = 5000;

/** The ids of each kind of subject. */
function byKind(subjects: SubjectRow[]): { enterprises: string[]; projects: string[]; orgs: string[] } {
  const ids = { enterprises: [] as string[], projects: [] as string[], orgs: [] as string[] };
  for (const s of subjects) {
    if (s.label === 'Enterprise') ids.enterprises.push(s.id);
    else if (s.label === 'Project') ids.projects.push(s.id);
    else ids.orgs.push(s.id);
  }
  return ids;
}

async function factsOf(tx: TransactionRunner, subjects: SubjectRow[]): Promise<Facts[]> {
  const out: Facts[] = [];
  for (let i = 0; i < subjects.length; i += FACTS_BATCH)
    out.push(...(await tx.run(factsStatement(byKind(subjects.slice(i, i + FACTS_BATCH))))));
  return out;
}

/** The zones and chains whose tallies the rows write, sorted (the order their locks are taken in). */
function ownersOf(rows: Iterable<{ zone: string | null; chain: string | null }>): {
  zones: string[];
  chains: string[];
} {
  const zones = new Set<string>();
  const chains = new Set<string>();
  for (const r of rows) {
    if (r.zone !== null) zones.add(r.zone);
    if (r.chain !== null) chains.add(r.chain);
  }
  return { zones: [...zones].sort(), chains: [...chains].sort() };
}

/**
 * Runs `write` in `tx` with the tallies kept: `touched` names the nodes the write creates, changes or
 * deletes, or the ends of the relationship it links or unlinks that the aggregates depend on (see
 * `touchedBy`). Nothing is read or locked when nothing relevant is touched; the write pipeline does not
 * call it at all when the service runs without the aggregates.
 */
export async function keepTallies<T>(
  tx: TransactionRunner,
  touched: NodeRef[],
  write: () => Promise<T>,
  options: { creates?: boolean | undefined } = {},
): Promise<T> {
  if (touched.length === 0) return write();
  const subjects = await tx.run(dependentsStatement(touched));
  // A mutation links or changes nodes that exist; only an import can create a subject together with
  // what it depends on, so only an import looks for the subjects again after writing.
  if (subjects.length === 0 && !options.creates) return write();
  const before = await factsOf(tx, subjects);
  const result = await write();
  const now = options.creates ? union(subjects, await tx.run(dependentsStatement(touched))) : subjects;
  const after = await factsOf(tx, now);
  const rows = delta(before, after);
  if (rows.length > 0) await tx.run(addDeltaStatement(rows, gatesOf(rows)));
  return result;
}

/**
 * One gate, drawn at random, of each zone and chain the rows change, in owner order (a zone's and a
 * chain's ids never collide, their prefixes differ). Random rather than by subject: two writers of the
 * same firm are already serialised by the subject's lock, so only the spread matters.
 */
function gatesOf(rows: TallyRow[]): Gate[] {
  const { zones, chains } = ownersOf(rows);
  return [...zones, ...chains].sort().map((owner) => ({ owner, n: Math.floor(Math.random() * GATES) }));
}

const union = (a: SubjectRow[], b: SubjectRow[]): SubjectRow[] => [
  ...new Map([...a, ...b].map((s) => [`${s.label}|${s.id}`, s])).values(),
];

/** The labels whose nodes the aggregates depend on; a write to any other label leaves them alone. */
const COUNTED_LABELS = new Set([
  'Enterprise',
  'Project',
  'PartyOrganization',
  'Park',
  'ChainSegment',
  'IndustryChain',
]);

/**
 * Which end of a relationship of each counted type the aggregates depend on: the subject whose facts
 * it changes, or the zone, chain or committee that stands for every subject under it (the dependents
 * statement finds them). Relationships of other types change no count.
 */
const COUNTED_ENDS: Record<string, 'from' | 'to' | 'both'> = {
  LOCATED_IN: 'from',
  PART_OF: 'from',
  OPERATES_IN: 'from',
  IN_CHAIN: 'from',
  CHAIN_MASTER_OF: 'from',
  BELONGS_TO: 'both',
  MEMBER_OF: 'from',
  GOVERNS: 'from',
  HAS_CHAIN: 'to',
  FILLS: 'from',
};

/** What a write of a node (upsert or delete) touches; `props` limits an update to the ones counted. */
export function nodeTouched(label: string, id: string, props?: Record<string, unknown>): NodeRef[] {
  if (!COUNTED_LABELS.has(label)) return [];
  if (props !== undefined) {
    // An upsert changes properties only: of those, the flags and the status are counted.
    if (!countedProperties(label).some((p) => p in props)) return [];
  }
  return [{ label, id }];
}

/** What a link or unlink of one relationship touches. */
export function relationshipTouched(type: string, from: NodeRef, to: NodeRef): NodeRef[] {
  const ends = COUNTED_ENDS[type];
  if (ends === undefined) return [];
  const refs = ends === 'from' ? [from] : ends === 'to' ? [to] : [from, to];
  return refs.filter((end) => COUNTED_LABELS.has(end.label));
}

/** The facts of every subject of these owners, and the rows they add up to for those owners alone. */
async function countOwned(
  tx: TransactionRunner,
  owners: { zones: string[]; chains: string[] },
): Promise<Map<string, TallyRow>> {
  const zones = new Set(owners.zones);
  const chains = new Set(owners.chains);
  const owns = (k: { zone: string | null; chain: string | null }): boolean =>
    (k.zone !== null && zones.has(k.zone)) || (k.chain !== null && chains.has(k.chain));
  const subjects = await tx.run(ownedSubjectsStatement(owners));
  const counted = new Map<string, TallyRow>();
  for (const f of await factsOf(tx, subjects)) sumInto(counted, rowsOf(f, owns));
  return counted;
}

/** Recounts the tallies of these zones and chains in `tx`, replacing what was stored; the rows written. */
async function recountOwners(
  tx: TransactionRunner,
  owners: { zones: string[]; chains: string[] },
): Promise<number> {
  const sorted = { zones: [...new Set(owners.zones)].sort(), chains: [...new Set(owners.chains)].sort() };
  if (sorted.zones.length === 0 && sorted.chains.length === 0) return 0;
  await tx.run(lockGatesStatement([...sorted.zones, ...sorted.chains].sort()));
  const counted = await countOwned(tx, sorted);
  // Read under the gates: no delta of these owners can commit until this transaction has.
  const held = (await tx.run(ownedKeysStatement(sorted))).map((r) => r.key);
  await replaceTallies(tx, [...held, ...counted.keys()], counted);
  return counted.size;
}

/** Owners per recount transaction: a zone's subjects are read whole, so a batch stays a few zones. */
const OWNERS_PER_TX = 8;

/** Rows per statement of a whole recount's write. */
const PUT_BATCH = 5000;

/**
 * Recounts every tally in one pass and marks the aggregates fresh: the initial import, a start that
 * finds them stale, the repair of everything. Every subject's facts are read once, in id order (a
 * recount owner by owner reads a firm once for its park, its zone and each of its chains: 397 s at 1M
 * firms, against 250 s for this pass, measured on 3 December 2026), and the tallies are replaced and
 * every pending delta deleted, all in one transaction that first takes every gate of every zone and
 * chain, so a write meanwhile waits and its delta is added after.
 */
export async function recountAll(
  gateway: Neo4jGateway,
  progress?: (subjects: number) => void,
): Promise<{ owners: number; rows: number }> {
  const result = await gateway.writeAll(
    'aggregates/recount-all',
    async (tx) => {
      const owners = await lockAllGates(tx);
      const counted = await countEverything(tx, progress);
      const held = (await tx.run(allKeysStatement)).map((r) => r.key);
      await replaceTallies(tx, [...held, ...counted.keys()], counted);
      await tx.run(markStatement(false));
      return { owners: owners.zones.length + owners.chains.length, rows: counted.size };
    },
    { timeoutMs: 1_800_000 },
  );
  return result;
}

/** Takes every gate of every zone and chain, as a whole recount must before it counts; the owners. */
export async function lockAllGates(tx: TransactionRunner): Promise<{ zones: string[]; chains: string[] }> {
  const [all] = await tx.run(allOwnersStatement);
  const owners = { zones: all?.zones ?? [], chains: all?.chains ?? [] };
  await tx.run(lockGatesStatement([...owners.zones, ...owners.chains].sort()));
  return owners;
}

/** Every tally counted afresh: each subject's facts read once, in id order. */
export async function countEverything(
  tx: TransactionRunner,
  progress?: (subjects: number) => void,
): Promise<Map<string, TallyRow>> {
  const counted = new Map<string, TallyRow>();
  let subjects = 0;
  for (const label of ['Enterprise', 'Project', 'PartyOrganization'] as const) {
    for (let after = ''; ;) {
      const page = await tx.run(subjectPageStatement(label, after, FACTS_BATCH));
      if (page.length === 0) break;
      for (const f of await factsOf(
        tx,
        page.map((p) => ({ label, id: p.id })),
      ))
        sumInto(counted, rowsOf(f));
      subjects += page.length;
      progress?.(subjects);
      after = page[page.length - 1]?.id ?? after;
    }
  }
  return counted;
}

/**
 * Sets the tallies of `keys` to what `counted` holds for them (deleting those it holds nothing for) and
 * deletes their pending deltas, a batch of keys per pair of statements: each key's tally locked first,
 * in key order, as the folder locks it (see `lockTalliesStatement`). Called under the owners' gates.
 */
export async function replaceTallies(
  tx: TransactionRunner,
  keys: Iterable<string>,
  counted: Map<string, TallyRow>,
): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  for (let i = 0; i < sorted.length; i += PUT_BATCH) {
    const batch = sorted.slice(i, i + PUT_BATCH);
    await tx.run(lockTalliesStatement(batch));
    const rows = batch.flatMap((k) => counted.get(k) ?? []);
    await tx.run(
      replaceTalliesStatement(
        batch,
        rows,
        batch.filter((k) => !counted.has(k)),
      ),
    );
  }
}

/** Whether the stored tallies are marked stale (or were never counted). */
export async function aggregatesStale(gateway: Neo4jGateway): Promise<boolean> {
  const [row] = await gateway.read(stateStatement);
  return row?.stale !== false;
}

/** Marks the tallies stale: a service that does not keep them is about to write. */
export async function markStale(gateway: Neo4jGateway): Promise<void> {
  await gateway.write(markStatement(true));
}

/** Above this many touched nodes a recount of everything is cheaper than finding what they touch. */
const RECOUNT_ALL_ABOVE = 50_000;

/** Nodes an import touched, gathered while it writes, for `recountTouched`. */
export class TouchedSet {
  readonly refs = new Map<string, NodeRef>();
  overflow = false;

  /** A node record of `label`: it sets the properties it holds, so only counted ones touch anything. */
  node(label: string, id: string, props: Record<string, unknown>): void {
    for (const ref of nodeTouched(label, id, props)) this.add(ref);
  }

  /** A relationship record. */
  relationship(type: string, from: NodeRef, to: NodeRef): void {
    for (const ref of relationshipTouched(type, from, to)) this.add(ref);
  }

  private add(ref: NodeRef): void {
    if (this.overflow) return;
    this.refs.set(`${ref.label}|${ref.id}`, ref);
    if (this.refs.size > RECOUNT_ALL_ABOVE) {
      this.overflow = true;
      this.refs.clear();
    }
  }
}

/**
 * Recounts the zones and chains an import's committed batches touched: those of the subjects that
 * depend on what it wrote (imports only add, so a subject's zones and chains after the import include
 * those before), and the zones and chains it wrote itself. The rows written.
 */
export async function recountTouched(gateway: Neo4jGateway, touched: TouchedSet): Promise<number> {
  if (touched.overflow) return (await recountAll(gateway)).rows;
  const refs = [...touched.refs.values()];
  if (refs.length === 0) return 0;
  // Up to RECOUNT_ALL_ABOVE nodes in one read: it needs the recount's time limit, not a request's (an
  // import of 20,000 firms over HTTP ran past a minute here on a busy machine).
  const owners = await gateway.writeAll(
    'aggregates/owners-touched',
    async (tx) => {
      const rows: TallyRow[] = [];
      for (const f of await factsOf(tx, await tx.run(dependentsStatement(refs, false))))
        rows.push(...rowsOf(f));
      const found = ownersOf(rows);
      for (const ref of refs) {
        if (ref.label === 'Park') found.zones.push(ref.id);
        if (ref.label === 'IndustryChain') found.chains.push(ref.id);
      }
      return found;
    },
    { timeoutMs: 600_000 },
  );
  return recountInBatches(gateway, [...new Set(owners.zones)].sort(), [...new Set(owners.chains)].sort());
}

/** Recounts zones, then chains, a few owners per transaction (what an import touched); the rows written. */
async function recountInBatches(gateway: Neo4jGateway, zones: string[], chains: string[]): Promise<number> {
  const batches = [
    ...chunks(zones).map((z) => ({ zones: z, chains: [] as string[] })),
    ...chunks(chains).map((c) => ({ zones: [] as string[], chains: c })),
  ];
  let written = 0;
  for (const batch of batches)
    written += await gateway.writeAll('aggregates/recount', (tx) => recountOwners(tx, batch), {
      timeoutMs: 600_000,
    });
  return written;
}

/** Owners in groups of a recount transaction's size. */
const chunks = (ids: string[]): string[][] => {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += OWNERS_PER_TX) out.push(ids.slice(i, i + OWNERS_PER_TX));
  return out;
};
