/**
 * Writing a change into the log, inside the transaction of the write it describes: both commit or
 * neither does (the transactional outbox).
 *
 * A writer does not number its change. Numbering in the writer's transaction needs one counter whose
 * lock every writer holds to its commit, so all writers committed one at a time (issue 24 measured
 * 55-83% of the upsert's throughput lost to it). The writer creates its change unnumbered, labelled
 * `Unsequenced`, and the sequencer (sequencer.ts) numbers committed changes afterwards, in order.
 *
 * What makes that order exact is the change gate: the record statement first takes the write lock of
 * one of GATES `(:ChangeGate)` nodes, chosen at random, and holds it to its commit, and only then takes
 * its time `ts`. The sequencer takes every gate before it reads what to number, so at that moment each
 * change is either committed (its writer released its gate) or not yet stamped (its writer waits for
 * the gate the sequencer holds); nothing in between. Writers contend only when two pick the same gate
 * in the few milliseconds from their record to their commit.
 */
import type { Statement, TransactionRunner } from '../db/neo4j';
import type { Stage } from '../db/statement';
import { statement } from '../db/cypher-files';
import { jsonOf } from '../db/fragments';
import type { Actor, ChangeInput, ScopeNode } from './change';

/** Where a label's zones are found from one of its nodes `v`. */
function zonesOf(label: string, v: string): string | undefined {
  const zone = "(z:Park {kind: 'ZONE'})";
  switch (label) {
    case 'Park':
      return `[(${v})-[:PART_OF*0..1]->${zone} | z.id]`;
    case 'IndustryChain':
      return `[(${v})<-[:HAS_CHAIN]-(:Park)-[:PART_OF*0..1]->${zone} | z.id]`;
    case 'Demand':
      return `[(${v})-[:RAISED_BY]->(:Enterprise)-[:LOCATED_IN]->(:Park)-[:PART_OF*0..1]->${zone} | z.id]`;
    case 'Enterprise':
    case 'Project':
    case 'Institution':
    case 'Platform':
    case 'PartyOrganization':
    case 'GovernmentBody':
      return `[(${v})-[:LOCATED_IN]->(:Park)-[:PART_OF*0..1]->${zone} | z.id]`;
    default:
      return undefined;
  }
}

/** Where a label's chains are found from one of its nodes `v`. */
function chainsOf(label: string, v: string): string | undefined {
  switch (label) {
    case 'IndustryChain':
      return `[${v}.id]`;
    case 'Enterprise':
    case 'Project':
      return `[(${v})-[:IN_CHAIN]->(c:IndustryChain) | c.id]`;
    case 'PartyOrganization':
      return `[(${v})-[:GOVERNS]->(c:IndustryChain) | c.id]`;
    case 'Demand':
      return `[(${v})-[:RAISED_BY]->(:Enterprise)-[:IN_CHAIN]->(c:IndustryChain) | c.id]`;
    case 'ChainSegment':
      return `[(${v})<-[:HAS_SEGMENT]-(:ChainType)<-[:OF_TYPE]-(c:IndustryChain) | c.id]`;
    default:
      return undefined;
  }
}

/** The scope nodes of a change: those it names, else the node changed or the relationship's ends. */
export function scopeNodes(change: ChangeInput): ScopeNode[] {
  if (change.scope) return change.scope;
  const nodes: ScopeNode[] = [];
  if (change.label && change.id) nodes.push({ label: change.label, id: change.id });
  const r = change.relationship;
  if (r) nodes.push({ label: r.fromLabel, id: r.from }, { label: r.toLabel, id: r.to });
  return nodes;
}

/**
 * A segment is shared by every chain of its type, so a firm's or project's link to a segment is filed
 * under the chains of that end that have the segment, not under every chain of the type.
 */
function segmentLinkChains(nodes: ScopeNode[]): string | undefined {
  const segment = nodes.findIndex((n) => n.label === 'ChainSegment');
  const member = nodes.findIndex((n) => n.label === 'Enterprise' || n.label === 'Project');
  if (segment < 0 || member < 0 || nodes.length !== 2) return undefined;
  return `[(n${member})-[:IN_CHAIN]->(c:IndustryChain)-[:OF_TYPE]->(:ChainType)-[:HAS_SEGMENT]->(n${segment}) | c.id]`;
}

/**
 * How many change gates there are: enough that concurrent writers rarely pick the same one (a writer
 * holds its gate only from its record, the last part of its statement, to its commit), few enough that
 * the sequencer's pass, which takes them all, stays cheap. 64 gates measured slower than 16 under the
 * bench's upserts at concurrency 8 (about 410 against 480 a second, noisy runs on 8 December 2026).
 */
export const GATES = 16;

const randomGate = (): number => Math.floor(Math.random() * GATES);

/** The fields of a change other than its time, its zones and its chains, as Cypher expressions. */
interface ChangeFields {
  gate: string;
  actor: string;
  op: string;
  label: string;
  id: string;
  /** A map with type, fromLabel, from, toLabel and to, or null for a change of a node. */
  rel: string;
  before: string;
  after: string;
  removed: string;
  source: string;
  counts: string;
  files: string;
}

/**
 * The gate, then the change, over `zs` and `cs` (lists of zone and chain ids, perhaps repeated). The
 * gate comes last in a statement, so its lock is held only from here to the commit, and the time is
 * taken after it (see the module comment).
 */
function gateAndCreate(f: ChangeFields): string[] {
  const rel = (key: string): string => (f.rel === 'null' ? 'null' : `${f.rel}.${key}`);
  return [
    `MERGE (g:ChangeGate {n: ${f.gate}})`,
    'SET g.held = true REMOVE g.held',
    `CREATE (c:Change:Unsequenced {ts: datetime.realtime(), actorRole: ${f.actor}.role, actorName: ${f.actor}.name,`,
    `  op: ${f.op}, label: ${f.label}, entityId: ${f.id}, relType: ${rel('type')}, fromLabel: ${rel('fromLabel')},`,
    `  fromId: ${rel('from')}, toLabel: ${rel('toLabel')}, toId: ${rel('to')}, before: ${f.before}, after: ${f.after},`,
    `  removed: ${f.removed}, source: ${f.source}, counts: ${f.counts}, files: ${f.files},`,
    '  zones: reduce(u = [], z IN zs | CASE WHEN z IN u THEN u ELSE u + z END),',
    '  chains: reduce(u = [], x IN cs | CASE WHEN x IN u THEN u ELSE u + x END)})',
  ];
}

/**
 * The change of a node write, as lines appended to the write's own statement: over `x` (the node
 * written, null when nothing was), `before` and `after` (its properties, before null for a new node),
 * the change is CREATE or UPDATE and its texts are made in Cypher (`jsonOf`). It adds no row: a
 * write's statement records its change in the same round trip (issue 24). The fields are those of
 * `recordChangeStatement`, for the same change.
 */
export function recordNodeStage(label: string, actor: Actor, source: string): Stage {
  const zones = zonesOf(label, 'x');
  const chains = chainsOf(label, 'x');
  return {
    lines: [
      'CALL (x, before, after) {',
      '  WITH x, before, after WHERE x IS NOT NULL',
      `  WITH x, before, [m IN [before, after] | ${jsonOf('m')}] AS texts,`,
      `    ${zones === undefined ? '[]' : `coalesce(${zones}, [])`} AS zs,`,
      `    ${chains === undefined ? '[]' : `coalesce(${chains}, [])`} AS cs`,
      ...gateAndCreate({
        gate: '$recordGate',
        actor: '$recordActor',
        op: "CASE WHEN before IS NULL THEN 'CREATE' ELSE 'UPDATE' END",
        label: '$recordLabel',
        id: 'x.id',
        rel: 'null',
        before: 'texts[0]',
        after: 'texts[1]',
        removed: 'null',
        source: '$recordSource',
        counts: 'null',
        files: '[]',
      }).map((line) => `  ${line}`),
      '  RETURN count(c) AS recorded',
      '}',
    ],
    params: { recordGate: randomGate(), recordActor: actor, recordLabel: label, recordSource: source },
  };
}

const json = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

/** The statement that writes the change unnumbered behind a gate; labels come from the model's lists. */
export function recordChangeStatement(
  change: ChangeInput,
  actor: Actor,
  gate: number = randomGate(),
): Statement<{ change: string }> {
  const nodes = scopeNodes(change);
  const matches = nodes.map((n, i) => `OPTIONAL MATCH (n${i}:\`${n.label}\` {id: $scope[${i}]})`);
  const zoneParts = nodes.flatMap((n, i) => zonesOf(n.label, `n${i}`) ?? []);
  const pairChains = segmentLinkChains(nodes);
  const chainParts =
    pairChains !== undefined ? [pairChains] : nodes.flatMap((n, i) => chainsOf(n.label, `n${i}`) ?? []);
  // A null node gives a null list (not an empty one), hence the coalesce around each part.
  const union = (parts: string[], extra: string): string =>
    [...parts.map((p) => `coalesce(${p}, [])`), extra].join(' + ');
  const vars = nodes.map((_, i) => `n${i}`);
  return statement(
    'history/record',
    [
      ...matches,
      `WITH ${[...vars, `${union(zoneParts, '$zones')} AS zs`, `${union(chainParts, '$chains')} AS cs`].join(', ')}`,
      'CALL () {',
      "  UNWIND $parks AS park MATCH (:Park {id: park})-[:PART_OF*0..1]->(z:Park {kind: 'ZONE'})",
      '  RETURN collect(DISTINCT z.id) AS ofParks',
      '}',
      'WITH zs + ofParks AS zs, cs',
      ...gateAndCreate({
        gate: '$gate',
        actor: '$actor',
        op: '$op',
        label: '$label',
        id: '$id',
        rel: '$rel',
        before: '$before',
        after: '$after',
        removed: '$removed',
        source: '$source',
        counts: '$counts',
        files: '$files',
      }),
      'RETURN elementId(c) AS change',
    ],
    {
      gate,
      scope: nodes.map((n) => n.id),
      zones: change.zones ?? [],
      parks: change.parks ?? [],
      chains: change.chains ?? [],
      actor,
      op: change.op,
      label: change.label ?? null,
      id: change.id ?? null,
      rel: change.relationship
        ? { ...change.relationship, props: undefined }
        : { type: null, fromLabel: null, from: null, toLabel: null, to: null },
      // Maps nested in maps cannot be stored as properties; JSON text keeps them whole.
      before: json(change.before),
      after: json(change.after),
      removed: change.removed && change.removed.length > 0 ? JSON.stringify(change.removed) : null,
      source: change.source ?? null,
      counts: json(change.counts),
      files: change.files ?? [],
    },
  );
}

/** Records a change, unnumbered, in the transaction `tx` (see the module comment). */
export async function recordChange(tx: TransactionRunner, change: ChangeInput, actor: Actor): Promise<void> {
  await tx.run(recordChangeStatement(change, actor));
}
