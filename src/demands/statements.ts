/**
 * The statements of the demand loop: raising a demand, each step as one conditional write, and the
 * two reads over the demands of a zone, a chain or an assignee.
 */
import type { Row, Statement } from '../db/neo4j';
import { statement } from '../db/cypher-files';
import { inZone, ON_CHAIN } from '../db/fragments';
import { requireId } from '../read/args';
import { CypherBuilder, projectSelected, type Selection } from '../read/compile';
import type { NodeLabel } from '../model/registry';
import { DEMAND_SCOPES, type DemandState, STAMP, type DemandInput, type DemandStats } from './types';

/** The states in which a demand is done with: closed, or closed and reviewed. */
const DONE = "['CLOSED', 'REVIEWED']";

/**
 * Which demands: of a zone (raised by its enterprises), of a chain (raised by its enterprises), or of an
 * assignee. Every kind ends in the same `WITH DISTINCT d`, so a caller appends `WHERE ...` or any clause
 * the same way whatever the kind (it used to end in a bare MATCH for chains and assignees, and an
 * appended `AND` was a syntax error).
 */
export function scope(b: CypherBuilder, of: string): string {
  const label = requireId('of', of, DEMAND_SCOPES);
  const p = b.param(of);
  if (label === 'Park')
    return `MATCH (z:Park {id: ${p}}) MATCH (d:Demand)-[:RAISED_BY]->(e:Enterprise) WHERE ${inZone('e', 'z')} WITH DISTINCT d`;
  if (label === 'IndustryChain')
    return `MATCH (d:Demand)-[:RAISED_BY]->(:Enterprise)-[:${ON_CHAIN}]->(:IndustryChain {id: ${p}}) WITH DISTINCT d`;
  return `MATCH (d:Demand)-[:ASSIGNED_TO]->(:${label} {id: ${p}}) WITH DISTINCT d`;
}

/** Whether the enterprise and the source exist, whether the id is taken, and the demand created. */
export type RaiseRow = {
  enterprise: boolean;
  source: boolean;
  exists: boolean;
  demand: Row | null;
  after: Row | null;
};

/** Creates the demand in state FOUND, raised by its enterprise and citing its source, if all hold. */
export function raiseDemandStatement(
  selection: Selection,
  input: DemandInput,
  by: string,
): Statement<RaiseRow> {
  const b = new CypherBuilder();
  const projection = projectSelected(b, 'd', 'Demand', selection);
  return statement(
    'write/raiseDemand',
    [
      'OPTIONAL MATCH (e:Enterprise {id: $enterprise}) OPTIONAL MATCH (s:Source {id: $source})',
      'OPTIONAL MATCH (existing:Demand {id: $id})',
      'OPTIONAL CALL (e, s, existing) {',
      '  WITH e, s WHERE e IS NOT NULL AND s IS NOT NULL AND existing IS NULL',
      "  CREATE (d:Demand {id: $id, name: $name, category: $category, state: 'FOUND', foundAt: datetime(), createdBy: $by, sources: [$source]})",
      '  SET d.note = $note',
      '  CREATE (d)-[:RAISED_BY {sources: [$source]}]->(e) CREATE (d)-[:CITES]->(s)',
      '  RETURN d',
      '}',
      `RETURN e IS NOT NULL AS enterprise, s IS NOT NULL AS source, existing IS NOT NULL AS exists, CASE WHEN d IS NULL THEN null ELSE ${projection} END AS demand,`,
      '  CASE WHEN d IS NULL THEN null ELSE properties(d) END AS after',
    ],
    { ...b.params, ...input, note: input.note ?? null, by },
  );
}

/** Whether the demand exists, the state it was in, whether the assignee exists, and the demand moved. */
export type AdvanceRow = {
  found: boolean;
  was: string | null;
  assignee: boolean;
  demand: Row | null;
  before: Row | null;
  after: Row | null;
};

/**
 * One step of the loop as one conditional write. The demand is locked first (a write to it), and only
 * then is its state read: Neo4j runs at READ COMMITTED, so a state read before the lock could be stale,
 * and of N concurrent identical calls every one would see the old state and win. Locked first, the
 * second caller waits for the first to commit and then reads the new state, so exactly one wins.
 */
export function advanceDemandStatement(
  selection: Selection,
  step: { id: string; from: DemandState | undefined; to: DemandState; by: string },
  assignee: { label: NodeLabel; id: string } | undefined,
): Statement<AdvanceRow> {
  const b = new CypherBuilder();
  const projection = projectSelected(b, 'd', 'Demand', selection);
  return statement(
    'write/advanceDemand',
    [
      'OPTIONAL MATCH (d:Demand {id: $id})',
      'SET d.lockedAt = datetime() REMOVE d.lockedAt',
      assignee ? `WITH d OPTIONAL MATCH (a:${assignee.label} {id: $assignee})` : 'WITH d, null AS a',
      'WITH d, a, d.state AS was, CASE WHEN d IS NULL THEN null ELSE properties(d) END AS before',
      'OPTIONAL CALL (d, a, was) {',
      `  WITH d, a WHERE was = $from AND ($assignee IS NULL OR a IS NOT NULL)`,
      `  SET d.state = $to, d.${STAMP[step.to]} = datetime(), d.updatedAt = datetime(), d.updatedBy = $by`,
      '  WITH d, a CALL (d, a) { WITH d, a WHERE a IS NOT NULL MERGE (d)-[r:ASSIGNED_TO]->(a) SET r.sources = d.sources }',
      '  RETURN true AS applied',
      '}',
      `RETURN d IS NOT NULL AS found, was, a IS NOT NULL OR $assignee IS NULL AS assignee,`,
      `  CASE WHEN applied THEN ${projection} END AS demand, before, CASE WHEN applied THEN properties(d) END AS after`,
    ],
    {
      ...b.params,
      id: step.id,
      from: step.from ?? null,
      to: step.to,
      assignee: assignee?.id ?? null,
      by: step.by,
    },
  );
}

/** The demands of the scope not yet done with, oldest first. */
export function openDemandsStatement(selection: Selection, of: string): Statement<{ demand: Row }> {
  const b = new CypherBuilder();
  const projection = projectSelected(b, 'd', 'Demand', selection);
  return statement(
    'read/openDemands',
    [
      `${scope(b, of)} WHERE NOT d.state IN ${DONE} WITH d ORDER BY d.foundAt, d.id RETURN ${projection} AS demand`,
    ],
    b.params,
  );
}

/** Closure rate and mean response and closing times over the demands of the scope. */
export function demandStatsStatement(of: string): Statement<Required<DemandStats>> {
  const b = new CypherBuilder();
  return statement(
    'read/demandStats',
    [
      scope(b, of),
      `WITH count(d) AS total, count(CASE WHEN d.state IN ${DONE} THEN 1 END) AS closed,`,
      '  avg(CASE WHEN d.assignedAt IS NOT NULL THEN duration.inSeconds(d.foundAt, d.assignedAt).seconds / 3600.0 END) AS response,',
      '  avg(CASE WHEN d.closedAt IS NOT NULL THEN duration.inSeconds(d.foundAt, d.closedAt).seconds / 3600.0 END) AS closing',
      'RETURN total, closed, total - closed AS open, CASE WHEN total = 0 THEN null ELSE toFloat(closed) / total END AS closureRate,',
      '  response AS meanResponseHours, closing AS meanClosingHours',
    ],
    b.params,
  );
}
