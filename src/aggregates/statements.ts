/**
 * The statements of the aggregates: who depends on what a write touches (and their locks), the facts
 * of those subjects, and writing tallies (a pending delta under a gate, the folder's fold, or a recount
 * that replaces an owner's tallies), and `tallyOf`, the one way a tally is read.
 * The counting itself is `rowsOf` in tally.ts; these statements only read facts and store rows.
 */
import type { Statement } from '../db/neo4j';
import type { Stage } from '../db/statement';
import { statement } from '../db/cypher-files';
import { fromZone, ON_CHAIN, toZone } from '../db/fragments';
import { COUNTERS, type Counter, type Facts, type TallyRow } from './tally';

/** A node a write touches, by label and id; which subjects depend on it is the dependents statement's rule. */
export interface NodeRef {
  label: string;
  id: string;
}

/** The subjects of a write, each with its label, in id order. */
export type SubjectRow = { label: 'Enterprise' | 'Project' | 'PartyOrganization'; id: string };

/** Takes node `v`'s write lock, which Neo4j holds until the transaction ends. */
const lock = (v: string): string => `SET ${v}.__tallyLock = true REMOVE ${v}.__tallyLock`;

/**
 * The enterprises, projects and Party organisations whose facts may depend on the nodes touched, each
 * locked (in id order) before its facts are read: a concurrent write to the same subject then waits
 * for this one to commit instead of both reading the same old facts.
 *
 * With `lockTouched` (a write's own delta), the parks, segments, chains and organisations touched are
 * locked first: a concurrent write linking a new subject to one of them locks it too (creating a
 * relationship does), so it has either committed before the subjects are found (and is found) or
 * waits until this write commits. Without it, deleting a segment while a firm was being linked to it
 * left the firm's +1 in the tally with no -1 (batches of 50 concurrent writes found it). A recount,
 * under its gates, only needs the owners and skips these locks.
 */
export function dependentsStatement(refs: NodeRef[], lockTouched = true): Statement<SubjectRow> {
  const of = (label: string): string[] => refs.filter((r) => r.label === label).map((r) => r.id);
  const touched = [
    'CALL () {',
    '  CALL () {',
    '    UNWIND $orgs AS id MATCH (n:PartyOrganization {id: id}) RETURN n',
    '    UNION UNWIND $parks AS id MATCH (n:Park {id: id}) RETURN n',
    '    UNION UNWIND $segments AS id MATCH (n:ChainSegment {id: id}) RETURN n',
    '    UNION UNWIND $chains AS id MATCH (n:IndustryChain {id: id}) RETURN n',
    '  }',
    `  WITH n ORDER BY n.id ${lock('n')}`,
    '  RETURN count(n) AS touchedLocked',
    '}',
  ];
  return statement(
    lockTouched ? 'aggregates/dependents' : 'aggregates/dependents/for-recount',
    [
      ...(lockTouched ? touched : []),
      // Each kind of node touched in a list of its own, so a thousand firms of an import run one branch each.
      'CALL () {',
      '  UNWIND $enterprises AS id MATCH (x:Enterprise {id: id}) RETURN x',
      '  UNION UNWIND $projects AS id MATCH (x:Project {id: id}) RETURN x',
      // An organisation's enterprises carry its Party organisation; a committee's members carry it too.
      '  UNION UNWIND $orgs AS id MATCH (x:PartyOrganization {id: id}) RETURN x',
      '  UNION UNWIND $orgs AS id MATCH (:PartyOrganization {id: id})-[:BELONGS_TO]->(x:Enterprise) RETURN x',
      '  UNION UNWIND $orgs AS id MATCH (:PartyOrganization {id: id})<-[:MEMBER_OF]-(x:PartyOrganization) RETURN x',
      '  UNION UNWIND $orgs AS id MATCH (:PartyOrganization {id: id})<-[:MEMBER_OF]-(:PartyOrganization)-[:BELONGS_TO]->(x:Enterprise) RETURN x',
      `  UNION UNWIND $parks AS id MATCH ${fromZone(':Park {id: id}', 'x')} WHERE x:Enterprise OR x:Project RETURN x`,
      '  UNION UNWIND $segments AS id MATCH (:ChainSegment {id: id})<-[:OPERATES_IN|FILLS]-(x) WHERE x:Enterprise OR x:Project RETURN x',
      `  UNION UNWIND $chains AS id MATCH (:IndustryChain {id: id})<-[:${ON_CHAIN}]-(x:Enterprise) RETURN x`,
      '  UNION UNWIND $chains AS id MATCH (:IndustryChain {id: id})<-[:GOVERNS]-(:PartyOrganization)<-[:MEMBER_OF]-(:PartyOrganization)-[:BELONGS_TO]->(x:Enterprise) RETURN x',
      '}',
      'WITH collect(x) AS found',
      // An organisation is counted in the zones and chains of its enterprises: theirs are its subjects too.
      'WITH found + COLLECT { UNWIND found AS e MATCH (o:PartyOrganization)-[:BELONGS_TO]->(e) WHERE e:Enterprise RETURN DISTINCT o } AS all',
      'UNWIND all AS x',
      'WITH DISTINCT x ORDER BY x.id',
      lock('x'),
      "RETURN CASE WHEN x:Enterprise THEN 'Enterprise' WHEN x:Project THEN 'Project' ELSE 'PartyOrganization' END AS label, x.id AS id",
    ],
    {
      enterprises: of('Enterprise'),
      projects: of('Project'),
      orgs: of('PartyOrganization'),
      parks: of('Park'),
      segments: of('ChainSegment'),
      chains: of('IndustryChain'),
    },
  );
}

/** The parks an enterprise or project `v` is located in and the zones they are part of. */
const zonesOf = (v: string): string =>
  `COLLECT { MATCH ${toZone(v, 'z:Park')} RETURN DISTINCT z.id ORDER BY z.id }`;

/** The facts of the subjects given by id, as tally.ts reads them; a subject not found gives no row. */
export function factsStatement(ids: {
  enterprises: string[];
  projects: string[];
  orgs: string[];
}): Statement<Facts> {
  return statement(
    'aggregates/facts',
    [
      'CALL () {',
      '  UNWIND $enterprises AS id MATCH (e:Enterprise {id: id})',
      "  RETURN {kind: 'Enterprise', id: e.id, zones: " + zonesOf('e') + ',',
      '    segments: COLLECT { MATCH (e)-[:OPERATES_IN]->(s:ChainSegment) RETURN DISTINCT s.id ORDER BY s.id },',
      `    chains: COLLECT { MATCH (e)-[:${ON_CHAIN}]->(c:IndustryChain) RETURN DISTINCT c.id ORDER BY c.id },`,
      '    master: EXISTS { (e)-[:CHAIN_MASTER_OF]->(:IndustryChain) },',
      '    specialized: coalesce(e.specialized = true, false), highTech: coalesce(e.highTech = true, false),',
      '    hasOrg: EXISTS { (:PartyOrganization)-[:BELONGS_TO]->(e) },',
      '    committeeChains: COLLECT { MATCH (o:PartyOrganization)-[:BELONGS_TO]->(e)',
      '      MATCH (o)-[:MEMBER_OF]->(:PartyOrganization)-[:GOVERNS]->(c:IndustryChain) RETURN DISTINCT c.id ORDER BY c.id },',
      '    committeeZones: COLLECT { MATCH (o:PartyOrganization)-[:BELONGS_TO]->(e)',
      '      MATCH (o)-[:MEMBER_OF]->(:PartyOrganization)-[:GOVERNS]->(:IndustryChain)<-[:HAS_CHAIN]-(z:Park) RETURN DISTINCT z.id ORDER BY z.id }',
      '  } AS facts',
      '  UNION ALL',
      '  UNWIND $projects AS id MATCH (p:Project {id: id})',
      "  RETURN {kind: 'Project', id: p.id, zones: " + zonesOf('p') + ',',
      '    segments: COLLECT { MATCH (p)-[:FILLS]->(s:ChainSegment) RETURN DISTINCT s.id ORDER BY s.id }, status: p.status} AS facts',
      '  UNION ALL',
      '  UNWIND $orgs AS id MATCH (o:PartyOrganization {id: id})',
      "  RETURN {kind: 'PartyOrganization', id: o.id,",
      `    zones: COLLECT { MATCH (o)-[:BELONGS_TO]->(e:Enterprise) MATCH ${toZone('e', 'z:Park')} RETURN DISTINCT z.id ORDER BY z.id },`,
      `    chains: COLLECT { MATCH (o)-[:BELONGS_TO]->(e:Enterprise)-[:${ON_CHAIN}]->(c:IndustryChain) RETURN DISTINCT c.id ORDER BY c.id }} AS facts`,
      '}',
      'RETURN facts.kind AS kind, facts.id AS id, facts.zones AS zones, facts.segments AS segments,',
      '  facts.chains AS chains, facts.master AS master, facts.specialized AS specialized, facts.highTech AS highTech,',
      '  facts.hasOrg AS hasOrg, facts.committeeChains AS committeeChains, facts.committeeZones AS committeeZones,',
      '  facts.status AS status',
    ],
    ids,
  );
}

/** The subjects whose facts a recount of these zones and chains needs. */
export function ownedSubjectsStatement(owners: { zones: string[]; chains: string[] }): Statement<SubjectRow> {
  return statement(
    'aggregates/owned-subjects',
    [
      'CALL () {',
      '  UNWIND $zones AS id',
      `  MATCH ${fromZone(':Park {id: id}', 'x')} WHERE x:Enterprise OR x:Project RETURN x`,
      '  UNION UNWIND $chains AS id',
      `  MATCH (:IndustryChain {id: id})<-[:${ON_CHAIN}]-(x:Enterprise) RETURN x`,
      '}',
      'WITH DISTINCT x',
      'CALL (x) {',
      '  RETURN x AS s',
      '  UNION MATCH (s:PartyOrganization)-[:BELONGS_TO]->(x) WHERE x:Enterprise RETURN s',
      '}',
      'WITH DISTINCT s',
      "RETURN CASE WHEN s:Enterprise THEN 'Enterprise' WHEN s:Project THEN 'Project' ELSE 'PartyOrganization' END AS label, s.id AS id",
    ],
    owners,
  );
}

/**
 * Gates per owner. A write locks one of its owner's gates, drawn at random, so writers of one zone
 * rarely queue on each other; a recount locks all of them, so it waits for every writer of the zone.
 */
export const GATES = 8;

/** One gate of one owner (a zone or a chain, by id). */
export interface Gate {
  owner: string;
  n: number;
}

/** Locks the gates `$gates` in (owner, n) order, creating those not there yet; binds `x`. */
const LOCK_GATES = [
  'UNWIND $gates AS g',
  'MERGE (x:TallyGate {owner: g.owner, n: g.n})',
  `WITH x ORDER BY x.owner, x.n ${lock('x')}`,
];

/**
 * Records a write's net change as pending deltas, under one gate of each owner it changes (taken in
 * (owner, n) order, as a recount takes them, and held to commit). It writes no shared node: the tallies
 * are changed by the folder, later, or replaced by a recount.
 */
export function addDeltaStatement(rows: TallyRow[], gates: Gate[]): Statement<{ written: number }> {
  return statement(
    'aggregates/add-delta',
    [
      'CALL () {',
      ...LOCK_GATES.map((line) => `  ${line}`),
      '  RETURN count(x) AS gated',
      '}',
      'CALL () {',
      '  UNWIND $rows AS d',
      '  CREATE (x:TallyDelta)',
      '  SET x = d',
      '}',
      'RETURN size($rows) AS written',
    ],
    { rows, gates },
  );
}

/**
 * Takes every gate of the owners given, in (owner, n) order, before a recount counts. Why the count is
 * then exact against concurrent writers: a writer whose gate lock came first holds it to its commit, so
 * it has committed before the count starts (the count sees its facts, and the recount deletes its
 * delta); a writer whose gate lock comes after waits for the recount to commit, and the facts it wrote
 * before were uncommitted, so invisible to the count: its delta is rightly added on top.
 */
export function lockGatesStatement(owners: string[]): Statement<{ locked: number }> {
  const gates = owners.flatMap((owner) => Array.from({ length: GATES }, (_, n) => ({ owner, n })));
  return statement('aggregates/lock-gates', [...LOCK_GATES, 'RETURN count(x) AS locked'], { gates });
}

/** The keys of the tallies and pending deltas these zones and chains own (a recount replaces them all). */
export function ownedKeysStatement(owners: {
  zones: string[];
  chains: string[];
}): Statement<{ key: string }> {
  return statement(
    'aggregates/owned-keys',
    [
      'CALL () {',
      '  UNWIND $zones AS id MATCH (t:Tally {zone: id}) RETURN t.key AS key',
      '  UNION UNWIND $chains AS id MATCH (t:Tally {chain: id}) RETURN t.key AS key',
      '  UNION UNWIND $zones AS id MATCH (d:TallyDelta {zone: id}) RETURN d.key AS key',
      '  UNION UNWIND $chains AS id MATCH (d:TallyDelta {chain: id}) RETURN d.key AS key',
      '}',
      'RETURN key',
    ],
    owners,
  );
}

const ZERO = COUNTERS.map((c) => `t.${c} = 0`).join(', ');
/** A tally that counts nothing is not kept. */
const EMPTY = 't.firms = 0 AND t.projects = 0 AND t.orgs = 0';

/**
 * Locks the tallies of these keys in key order, creating those that do not exist yet. The folder and a
 * recount both lock a key's tally before they touch its deltas, and both in key order, so they cannot
 * deadlock, and the second to come finds what the first left (no delta folded twice or lost).
 */
export function lockTalliesStatement(keys: string[]): Statement<{ locked: number }> {
  return statement(
    'aggregates/lock-tallies',
    [
      'UNWIND $keys AS key',
      'WITH key ORDER BY key',
      'MERGE (t:Tally {key: key})',
      `ON CREATE SET ${ZERO}`,
      lock('t'),
      'RETURN count(t) AS locked',
    ],
    { keys },
  );
}

/**
 * Replaces the tallies of `keys` (locked by `lockTalliesStatement`) with the rows counted, deletes those
 * of `gone` (counted as nothing), and deletes every pending delta of those keys: the count includes them.
 */
export function replaceTalliesStatement(
  keys: string[],
  rows: TallyRow[],
  gone: string[],
): Statement<{ written: number }> {
  return statement(
    'aggregates/replace',
    [
      'CALL () {',
      '  UNWIND $keys AS key MATCH (d:TallyDelta {key: key}) DELETE d',
      '}',
      'CALL () {',
      '  UNWIND $gone AS key MATCH (t:Tally {key: key}) DELETE t',
      '}',
      'CALL () {',
      '  UNWIND $rows AS d MATCH (t:Tally {key: d.key}) SET t = d',
      '}',
      'RETURN size($rows) AS written',
    ],
    { keys, rows, gone },
  );
}

/** The next keys with pending deltas after `after`, in key order: what the folder folds next. */
export function pendingKeysStatement(after: string, first: number): Statement<{ key: string }> {
  return statement(
    'aggregates/pending-keys',
    [
      'MATCH (d:TallyDelta) WHERE d.key > $after',
      'WITH DISTINCT d.key AS key ORDER BY key LIMIT $first',
      'RETURN key',
    ],
    { after, first },
  );
}

const FOLD = COUNTERS.map((c) => `t.${c} = t.${c} + reduce(n = 0, d IN ds | n + d.${c})`).join(', ');

/**
 * Folds the pending deltas of `keys` (whose tallies `lockTalliesStatement` locked in this transaction)
 * into their tallies and deletes them; a tally left counting nothing is deleted. Deltas committed after
 * this read stay pending for the next fold.
 */
export function foldStatement(keys: string[]): Statement<{ folded: number }> {
  return statement(
    'aggregates/fold',
    [
      'UNWIND $keys AS key',
      'MATCH (t:Tally {key: key})',
      'OPTIONAL MATCH (d:TallyDelta {key: key})',
      'WITH t, collect(d) AS ds',
      'SET t.zone = coalesce(t.zone, ds[0].zone), t.segment = coalesce(t.segment, ds[0].segment),',
      `  t.chain = coalesce(t.chain, ds[0].chain), ${FOLD}`,
      'FOREACH (d IN ds | DELETE d)',
      'WITH t, size(ds) AS folded',
      `FOREACH (_ IN CASE WHEN ${EMPTY} THEN [1] ELSE [] END | DELETE t)`,
      'RETURN sum(folded) AS folded',
    ],
    { keys },
  );
}

/**
 * A tally's counters as they stand, folded or not: the stored tally plus its pending deltas, both found
 * by the index on the key, as a map of `counters` (all by default). `key` is a Cypher expression over
 * the caller's variables (`cypherKey`); no tally and no delta reads as zeros. Summed with reduce, not
 * sum(): an aggregation may not stand in a list comprehension, where a snapshot reads its neighbours'.
 */
export function tallyOf(key: string, counters: readonly Counter[] = COUNTERS): string {
  const zero = counters.map((c) => `${c}: 0`).join(', ');
  const add = counters.map((c) => `${c}: tallySum.${c} + tallyPart.${c}`).join(', ');
  return [
    `reduce(tallySum = {${zero}}, tallyPart IN COLLECT {`,
    `MATCH (tallyNode:Tally {key: ${key}}) RETURN tallyNode`,
    `UNION ALL MATCH (tallyNode:TallyDelta {key: ${key}}) RETURN tallyNode`,
    `} | {${add}})`,
  ].join(' ');
}

/** Every zone (any Park) and chain: the owners of a whole recount. */
export const allOwnersStatement: Statement<{ zones: string[]; chains: string[] }> = statement(
  'aggregates/all-owners',
  [
    'RETURN COLLECT { MATCH (z:Park) RETURN z.id ORDER BY z.id } AS zones,',
    '  COLLECT { MATCH (c:IndustryChain) RETURN c.id ORDER BY c.id } AS chains',
  ],
);

/** The next ids of a kind of subject after `after`, in id order: the keyset walk of a whole recount. */
export function subjectPageStatement(
  label: 'Enterprise' | 'Project' | 'PartyOrganization',
  after: string,
  first: number,
): Statement<{ id: string }> {
  return statement(
    `aggregates/subjects/${label}`,
    [`MATCH (x:${label}) WHERE x.id > $after RETURN x.id AS id ORDER BY x.id LIMIT $first`],
    { after, first },
  );
}

const SUMS = COUNTERS.map((c) => `sum(x.${c}) AS ${c}`).join(', ');

/** Every tally as it stands: the stored tallies with their pending deltas added, per key. */
export const allTalliesStatement: Statement<TallyRow> = statement('aggregates/all', [
  'CALL () { MATCH (x:Tally) RETURN x UNION ALL MATCH (x:TallyDelta) RETURN x }',
  // Grouped by key alone: a tally the folder created has its zone only once a delta gave it one.
  'RETURN x.key AS key, head(collect(x.zone)) AS zone, head(collect(x.segment)) AS segment,',
  `  head(collect(x.chain)) AS chain, ${SUMS}`,
]);

/** The key of every stored tally and every pending delta. */
export const allKeysStatement: Statement<{ key: string }> = statement('aggregates/keys', [
  'CALL () { MATCH (t:Tally) RETURN t.key AS key UNION MATCH (d:TallyDelta) RETURN d.key AS key }',
  'RETURN key',
]);

/** Whether the tallies can be trusted: false after a service without them wrote, until a recount. */
export const stateStatement: Statement<{ stale: boolean | null }> = statement('aggregates/state', [
  "OPTIONAL MATCH (a:AggregateState {id: 'aggregates'}) RETURN a.stale AS stale",
]);

export function markStatement(stale: boolean): Statement<{ stale: boolean }> {
  return statement(
    'aggregates/mark',
    [
      "MERGE (a:AggregateState {id: 'aggregates'})",
      'SET a.stale = $stale, a.at = datetime()',
      'RETURN a.stale AS stale',
    ],
    { stale },
  );
}

/**
 * The counted properties of each label, as Cypher over a property map `m`: each counter a property
 * write can change, and which of a subject's tally rows carry it (see `rowsOf`, which these follow).
 */
const PROPERTY_COUNTERS: Record<
  string,
  { counter: Counter; of: (m: string) => string; rows: ('z' | 'zs' | 'c')[] }[]
> = {
  Enterprise: [
    { counter: 'highTech', of: (m) => `coalesce(${m}.highTech = true, false)`, rows: ['z', 'zs', 'c'] },
    { counter: 'specialized', of: (m) => `coalesce(${m}.specialized = true, false)`, rows: ['zs'] },
  ],
  Project: [
    { counter: 'signed', of: (m) => `coalesce(${m}.status = 'SIGNED', false)`, rows: ['zs'] },
    { counter: 'building', of: (m) => `coalesce(${m}.status = 'BUILDING', false)`, rows: ['zs'] },
    { counter: 'producing', of: (m) => `coalesce(${m}.status = 'PRODUCING', false)`, rows: ['zs'] },
  ],
};

/** A tally row as a Cypher map: its key fields, the counters given, every other counter 0. */
const rowMap = (
  key: Record<'key' | 'zone' | 'segment' | 'chain', string>,
  counters: Map<Counter, string>,
): string =>
  `{${[
    ...Object.entries(key).map(([k, v]) => `${k}: ${v}`),
    ...COUNTERS.map((c) => `${c}: ${counters.get(c) ?? '0'}`),
  ].join(', ')}}`;

/** The counted properties of `label` (empty for a label none of whose properties is counted). */
export const countedProperties = (label: string): string[] =>
  label === 'Enterprise' ? ['highTech', 'specialized'] : label === 'Project' ? ['status'] : [];

/**
 * The aggregates of property writes, as lines appended to the write's own statement, over `written`
 * (the variables in scope, and the list they make): a list of maps `{x, before, after}`, each a node written (locked by the write before `before` was
 * read), and its counted properties before (null for a node the write created) and after. A property
 * write changes no relationship, so each node's zones, segments and chains are the same before and
 * after, and its delta is each counted flag's change on the rows that carry it: the rows
 * `delta(before, after)` gives for such a write, computed without two reads of the facts and a third
 * statement (issue 24). The rows of every node are summed per tally key, so a batch of a thousand firms
 * of one zone adds one delta per key, not one per firm. Gates are taken as `addDeltaStatement` takes
 * them: one at random per owner, in owner order. Undefined when the label has no counted property.
 */
export function propertyDeltaStage(
  label: string,
  written: { scope: string; list: string } = { scope: 'written', list: 'written' },
): Stage | undefined {
  const counted = PROPERTY_COUNTERS[label];
  if (counted === undefined) return undefined;
  const d = (c: Counter): string => `d_${c}`;
  const changes = counted.map(
    (c) => `toInteger(${c.of('w.after')}) - toInteger(${c.of('w.before')}) AS ${d(c.counter)}`,
  );
  const on = (row: 'z' | 'zs' | 'c'): Map<Counter, string> =>
    new Map(counted.filter((c) => c.rows.includes(row)).map((c) => [c.counter, d(c.counter)]));
  const vars = counted.map((c) => d(c.counter)).join(', ');
  const rows = [
    on('z').size === 0
      ? '[]'
      : `[z IN zones | ${rowMap({ key: "'z:' + z", zone: 'z', segment: 'null', chain: 'null' }, on('z'))}]`,
    `reduce(acc = [], z IN zones | acc + [g IN segments | ${rowMap(
      { key: "'zs:' + z + '|' + g", zone: 'z', segment: 'g', chain: 'null' },
      on('zs'),
    )}])`,
    on('c').size === 0
      ? '[]'
      : `[c IN chains | ${rowMap({ key: "'c:' + c", zone: 'null', segment: 'null', chain: 'c' }, on('c'))}]`,
  ];
  const segments =
    label === 'Enterprise' ? '(node)-[:OPERATES_IN]->(g:ChainSegment)' : '(node)-[:FILLS]->(g:ChainSegment)';
  return {
    lines: [
      `CALL (${written.scope}) {`,
      `  UNWIND ${written.list} AS w`,
      `  WITH w.x AS node, ${changes.join(', ')}`,
      `  WHERE node IS NOT NULL AND w.before IS NOT NULL AND (${counted.map((c) => `${d(c.counter)} <> 0`).join(' OR ')})`,
      `  WITH node, ${vars}, ${zonesOf('node')} AS zones,`,
      `    COLLECT { MATCH ${segments} RETURN DISTINCT g.id ORDER BY g.id } AS segments,`,
      label === 'Enterprise'
        ? `    COLLECT { MATCH (node)-[:${ON_CHAIN}]->(c:IndustryChain) RETURN DISTINCT c.id ORDER BY c.id } AS chains`
        : '    [] AS chains',
      `  UNWIND ${rows.join(' + ')} AS r`,
      '  WITH r.key AS key, r.zone AS zone, r.segment AS segment, r.chain AS chain,',
      `    ${COUNTERS.map((c) => `sum(r.${c}) AS ${c}`).join(', ')}`,
      `  WITH collect({key: key, zone: zone, segment: segment, chain: chain, ${COUNTERS.map((c) => `${c}: ${c}`).join(', ')}}) AS rows`,
      '  CALL (rows) {',
      '    UNWIND rows AS r',
      '    WITH DISTINCT coalesce(r.zone, r.chain) AS owner ORDER BY owner',
      // Drawn before the MERGE: inside its pattern, the draw for the match and for the create can differ.
      '    WITH owner, toInteger(floor(rand() * $deltaGates)) AS n',
      '    MERGE (gate:TallyGate {owner: owner, n: n})',
      `    WITH gate ORDER BY gate.owner, gate.n ${lock('gate')}`,
      '    RETURN count(gate) AS gated',
      '  }',
      '  UNWIND rows AS r',
      '  WITH r WHERE any(c IN $deltaCounters WHERE r[c] <> 0)',
      '  CREATE (t:TallyDelta)',
      '  SET t = r',
      '  RETURN count(t) AS deltas',
      '}',
    ],
    params: { deltaGates: GATES, deltaCounters: COUNTERS },
  };
}
