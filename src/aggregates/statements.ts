/**
 * The statements of the aggregates: who depends on what a write touches (and their locks), the facts
 * of those subjects, and writing tallies (a delta, or a recount that replaces an owner's tallies).
 * The counting itself is `rowsOf` in tally.ts; these statements only read facts and store rows.
 */
import type { Statement } from '../db/neo4j';
import { statement } from '../db/cypher-files';
import { fromZone, ON_CHAIN, toZone } from '../db/fragments';
import { COUNTERS, type Facts, type TallyRow } from './tally';

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
 */
export function dependentsStatement(refs: NodeRef[]): Statement<SubjectRow> {
  const of = (label: string): string[] => refs.filter((r) => r.label === label).map((r) => r.id);
  return statement(
    'aggregates/dependents',
    [
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

/** Takes the write locks of the owners of the tallies a statement writes, in id order. */
const LOCK_OWNERS = [
  'CALL () {',
  `  UNWIND $zones AS id MATCH (n:Park {id: id}) WITH n ORDER BY n.id ${lock('n')} RETURN count(n) AS zonesLocked`,
  '}',
  'CALL () {',
  `  UNWIND $chains AS id MATCH (n:IndustryChain {id: id}) WITH n ORDER BY n.id ${lock('n')} RETURN count(n) AS chainsLocked`,
  '}',
];

/**
 * Takes the owners' locks before a recount reads: a write that commits between the count and the
 * replacement would otherwise have its delta overwritten by a count that never saw it.
 */
export function lockOwnersStatement(owners: {
  zones: string[];
  chains: string[];
}): Statement<{ locked: number }> {
  return statement(
    'aggregates/lock-owners',
    [...LOCK_OWNERS, 'RETURN zonesLocked + chainsLocked AS locked'],
    owners,
  );
}

const ZERO = COUNTERS.map((c) => `t.${c} = 0`).join(', ');
const ADD = COUNTERS.map((c) => `t.${c} = t.${c} + d.${c}`).join(', ');
/** A tally that counts nothing is not kept. */
const EMPTY = 't.firms = 0 AND t.projects = 0 AND t.orgs = 0';

/**
 * Adds a write's net change to the tallies, under the owners' locks: a recount of the same zone or chain
 * (which takes them first) then either sees this write committed or runs before it and is added to.
 * The increments read the tally in the statement that sets it, so Neo4j locks it before reading.
 */
export function applyDeltaStatement(
  rows: TallyRow[],
  owners: { zones: string[]; chains: string[] },
): Statement<{ written: number }> {
  return statement(
    'aggregates/apply-delta',
    [
      ...LOCK_OWNERS,
      'CALL () {',
      '  UNWIND $rows AS d',
      '  MERGE (t:Tally {key: d.key})',
      `  ON CREATE SET t.zone = d.zone, t.segment = d.segment, t.chain = d.chain, ${ZERO}`,
      `  SET ${ADD}`,
      `  WITH t WHERE ${EMPTY}`,
      '  DELETE t',
      '}',
      'RETURN size($rows) AS written',
    ],
    { rows, ...owners },
  );
}

/**
 * Replaces every tally of the owners given with the rows counted afresh (rows of other owners are not
 * given), under the owners' locks.
 */
export function replaceOwnedStatement(
  rows: TallyRow[],
  owners: { zones: string[]; chains: string[] },
): Statement<{ written: number }> {
  return statement(
    'aggregates/replace-owned',
    [
      ...LOCK_OWNERS,
      'WITH [d IN $rows | d.key] AS keys',
      'CALL (keys) {',
      '  UNWIND $zones AS id MATCH (t:Tally {zone: id}) WHERE NOT t.key IN keys DELETE t',
      '}',
      'CALL (keys) {',
      '  UNWIND $chains AS id MATCH (t:Tally {chain: id}) WHERE NOT t.key IN keys DELETE t',
      '}',
      'CALL () {',
      '  UNWIND $rows AS d',
      '  MERGE (t:Tally {key: d.key})',
      '  SET t = d',
      '}',
      'RETURN size($rows) AS written',
    ],
    { rows, ...owners },
  );
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

/** Every stored tally. */
export const allTalliesStatement: Statement<TallyRow> = statement('aggregates/all', [
  `MATCH (t:Tally) RETURN t.key AS key, t.zone AS zone, t.segment AS segment, t.chain AS chain, ${COUNTERS.map((c) => `t.${c} AS ${c}`).join(', ')}`,
]);

/** Every stored tally's key. */
export const allKeysStatement: Statement<{ key: string }> = statement('aggregates/keys', [
  'MATCH (t:Tally) RETURN t.key AS key',
]);

/** Writes rows as they are (a whole recount, under every owner's lock). */
export function putTalliesStatement(rows: TallyRow[]): Statement<{ written: number }> {
  return statement(
    'aggregates/put',
    ['UNWIND $rows AS d MERGE (t:Tally {key: d.key}) SET t = d RETURN count(*) AS written'],
    { rows },
  );
}

/** Deletes the tallies of these keys. */
export function deleteTalliesStatement(keys: string[]): Statement<{ deleted: number }> {
  return statement(
    'aggregates/delete',
    ['UNWIND $keys AS key MATCH (t:Tally {key: key}) DELETE t RETURN count(*) AS deleted'],
    { keys },
  );
}

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
