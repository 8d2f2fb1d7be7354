/**
 * The closed-loop demand list of the articles (发现 → 交办 → 整改 → 销号 → 复核): an enterprise raises a
 * demand; it is assigned, rectified, closed and reviewed, each step timestamped; a step out of order is
 * refused. Closure rate and response times are computed in Cypher over the demands of a zone, a chain
 * or an assignee.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  Float,
  ID,
  Info,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { AppError } from '../errors';
import { isNodeId, requireId } from '../read/args';
import { DemandState } from '../read/enums';
import { CypherBuilder, projectNode, selectionOf } from '../read/compile';
import { ENTITY_TYPES } from '../read/types';
import type { Context } from '../read/context';
import { NODE_SPECS, type NodeLabel } from '../model/registry';
import { inZone } from '../analysis/gaps';
import { log } from '../log';
import { WRITER_ROLES } from '../mutations/write.resolver';

// The GraphQL enum is built with the model's other enums; re-exported for the demand loop's callers.
export { DemandState };

/** The one step each state may take, and the timestamp property it sets. */
export const NEXT_STATE: Record<DemandState, DemandState | undefined> = {
  FOUND: DemandState.ASSIGNED,
  ASSIGNED: DemandState.RECTIFYING,
  RECTIFYING: DemandState.CLOSED,
  CLOSED: DemandState.REVIEWED,
  REVIEWED: undefined,
};
const STAMP: Record<DemandState, string> = {
  FOUND: 'foundAt',
  ASSIGNED: 'assignedAt',
  RECTIFYING: 'rectifyingAt',
  CLOSED: 'closedAt',
  REVIEWED: 'reviewedAt',
};

const CATEGORIES = NODE_SPECS.Demand.enums?.category ?? [];
/** Who a demand may be handed to. */
export const ASSIGNEES: readonly NodeLabel[] = [
  'GovernmentBody',
  'PioneerTeam',
  'Platform',
  'PartyOrganization',
];
/** The kinds of id `openDemands(of:)` and `demandStats(of:)` take. */
export const DEMAND_SCOPES: readonly NodeLabel[] = ['Park', 'IndustryChain', ...ASSIGNEES];
const idRule = isNodeId();

@InputType({ description: 'A demand an enterprise raises.' })
export class DemandInput {
  @Field(() => ID, { description: 'The id, demand:slug.' })
  @Matches(/^demand:/, { message: 'id must start with demand:' })
  @idRule
  id!: string;

  @Field({ description: 'What the enterprise asks for, in its words.' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  name!: string;

  @Field({ description: `One of ${CATEGORIES.join(', ')}.` })
  @IsIn([...CATEGORIES], { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category!: string;

  @Field(() => ID, { description: 'The enterprise that raises it.' })
  @idRule
  enterprise!: string;

  @Field(() => ID, { description: 'The Source it is recorded from.' })
  @idRule
  source!: string;

  @Field(() => String, { nullable: true, description: 'A curator’s note, at most 2000 characters.' })
  @IsOptional()
  @MaxLength(2000)
  note?: string;
}

@ObjectType({
  description: 'How a set of demands is handled: closure rate and response times, counted from the demands.',
})
export class DemandStats {
  @Field(() => Int, { description: 'All the demands counted.' })
  total!: number;

  @Field(() => Int, { description: 'Demands not yet CLOSED or REVIEWED.' })
  open!: number;

  @Field(() => Int, { description: 'Demands CLOSED or REVIEWED.' })
  closed!: number;

  @Field(() => Float, { nullable: true, description: 'closed / total; null without demands.' })
  closureRate?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean hours from found to assigned, over assigned demands.',
  })
  meanResponseHours?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean hours from found to closed, over closed demands.',
  })
  meanClosingHours?: number | null;
}

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
    return `MATCH (d:Demand)-[:RAISED_BY]->(:Enterprise)-[:IN_CHAIN|CHAIN_MASTER_OF]->(:IndustryChain {id: ${p}}) WITH DISTINCT d`;
  return `MATCH (d:Demand)-[:ASSIGNED_TO]->(:${label} {id: ${p}}) WITH DISTINCT d`;
}

/**
 * One step of the loop as one conditional write. The demand is locked first (a write to it), and only
 * then is its state read: Neo4j runs at READ COMMITTED, so a state read before the lock could be stale,
 * and of N concurrent identical calls every one would see the old state and win. Locked first, the
 * second caller waits for the first to commit and then reads the new state, so exactly one wins.
 */
function advanceCypher(to: DemandState, assigneeLabel: NodeLabel | undefined, projection: string): string {
  return [
    'OPTIONAL MATCH (d:Demand {id: $id})',
    'SET d.lockedAt = datetime() REMOVE d.lockedAt',
    assigneeLabel ? `WITH d OPTIONAL MATCH (a:${assigneeLabel} {id: $assignee})` : 'WITH d, null AS a',
    'WITH d, a, d.state AS was',
    'OPTIONAL CALL (d, a, was) {',
    `  WITH d, a WHERE was = $from AND ($assignee IS NULL OR a IS NOT NULL)`,
    `  SET d.state = $to, d.${STAMP[to]} = datetime(), d.updatedAt = datetime(), d.updatedBy = $by`,
    '  WITH d, a CALL (d, a) { WITH d, a WHERE a IS NOT NULL MERGE (d)-[r:ASSIGNED_TO]->(a) SET r.sources = d.sources }',
    '  RETURN true AS applied',
    '}',
    `RETURN d IS NOT NULL AS found, was, a IS NOT NULL OR $assignee IS NULL AS assignee,`,
    `  CASE WHEN applied THEN ${projection} END AS demand`,
  ].join('\n');
}

@Resolver()
export class DemandResolver {
  @Authorized(WRITER_ROLES)
  @Mutation(() => ENTITY_TYPES.get('Demand') as new () => object, {
    description: 'Records a demand raised by an enterprise (state FOUND).',
  })
  async raiseDemand(
    @Arg('input', () => DemandInput, { description: 'The demand, its enterprise and its source.' })
    input: DemandInput,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object> {
    requireId('enterprise', input.enterprise, ['Enterprise']);
    requireId('source', input.source, ['Source']);
    const { set, fragments } = selectionOf(info);
    const b = new CypherBuilder();
    const projection = projectNode(b, 'd', 'Demand', set, fragments);
    const [row] = await ctx.gateway.write({
      name: 'write/raiseDemand',
      cypher: [
        'OPTIONAL MATCH (e:Enterprise {id: $enterprise}) OPTIONAL MATCH (s:Source {id: $source})',
        'OPTIONAL MATCH (existing:Demand {id: $id})',
        'OPTIONAL CALL (e, s, existing) {',
        '  WITH e, s WHERE e IS NOT NULL AND s IS NOT NULL AND existing IS NULL',
        "  CREATE (d:Demand {id: $id, name: $name, category: $category, state: 'FOUND', foundAt: datetime(), createdBy: $by, sources: [$source]})",
        '  SET d.note = $note',
        '  CREATE (d)-[:RAISED_BY {sources: [$source]}]->(e) CREATE (d)-[:CITES]->(s)',
        '  RETURN d',
        '}',
        `RETURN e IS NOT NULL AS enterprise, s IS NOT NULL AS source, existing IS NOT NULL AS exists, CASE WHEN d IS NULL THEN null ELSE ${projection} END AS demand`,
      ].join('\n'),
      params: { ...b.params, ...input, note: input.note ?? null, by: ctx.caller ?? 'anonymous' },
    });
    if (!row?.enterprise) throw new AppError('NOT_FOUND', `no Enterprise has id ${input.enterprise}`);
    if (!row.source) throw new AppError('NOT_FOUND', `no Source has id ${input.source}`);
    if (row.exists) throw new AppError('CONFLICT', `a Demand with id ${input.id} exists already`);
    log(`write: demand ${input.id} raised by ${input.enterprise}, recorded by ${ctx.caller ?? 'anonymous'}`);
    return row.demand as object;
  }

  @Authorized(WRITER_ROLES)
  @Mutation(() => ENTITY_TYPES.get('Demand') as new () => object, {
    description:
      'Moves a demand one step along the loop, stamping the time; ASSIGNED needs an assignee. Any other step is CONFLICT.',
  })
  async advanceDemand(
    @Arg('id', () => ID, { description: 'The Demand to move.' }) id: string,
    @Arg('to', () => DemandState, {
      description: 'The next state; only the one after the current state is allowed.',
    })
    to: DemandState,
    @Arg('assignee', () => ID, { nullable: true, description: 'Who the demand is handed to (for ASSIGNED).' })
    assignee: string | undefined,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object> {
    requireId('id', id, ['Demand']);
    let assigneeLabel: NodeLabel | undefined;
    if (to === DemandState.ASSIGNED) {
      if (!assignee) throw new AppError('BAD_USER_INPUT', 'assigning a demand needs an assignee');
      assigneeLabel = requireId('assignee', assignee, ASSIGNEES);
    } else if (assignee) {
      throw new AppError('BAD_USER_INPUT', `an assignee is given only when assigning, not for ${to}`);
    }
    const from = (Object.keys(NEXT_STATE) as DemandState[]).find((state) => NEXT_STATE[state] === to);
    const { set, fragments } = selectionOf(info);
    const b = new CypherBuilder();
    const projection = projectNode(b, 'd', 'Demand', set, fragments);
    const [row] = await ctx.gateway.write({
      name: 'write/advanceDemand',
      cypher: advanceCypher(to, assigneeLabel, projection),
      params: {
        ...b.params,
        id,
        from: from ?? null,
        to,
        assignee: assignee ?? null,
        by: ctx.caller ?? 'anonymous',
      },
    });
    if (!row?.found) throw new AppError('NOT_FOUND', `no Demand has id ${id}`);
    if (row.was !== from) {
      throw new AppError(
        'CONFLICT',
        `a demand in state ${String(row.was)} cannot move to ${to}; the loop is FOUND → ASSIGNED → RECTIFYING → CLOSED → REVIEWED`,
      );
    }
    if (!row.assignee)
      throw new AppError('NOT_FOUND', `no ${String(assigneeLabel)} has id ${String(assignee)}`);
    const result = row.demand as object;
    log(`write: demand ${id} → ${to} by ${ctx.caller ?? 'anonymous'}`);
    return result;
  }

  @Query(() => [ENTITY_TYPES.get('Demand') as new () => object], {
    description: 'The open demands (not CLOSED or REVIEWED) of a zone, a chain or an assignee, oldest first.',
  })
  async openDemands(
    @Arg('of', () => ID, { description: 'A Park, IndustryChain or assignee id.' }) of: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object[]> {
    const b = new CypherBuilder();
    const { set, fragments } = selectionOf(info);
    const projection = projectNode(b, 'd', 'Demand', set, fragments);
    const rows = await ctx.gateway.read({
      name: 'read/openDemands',
      cypher: `${scope(b, of)} WHERE NOT d.state IN ['CLOSED', 'REVIEWED'] WITH d ORDER BY d.foundAt, d.id RETURN ${projection} AS demand`,
      params: b.params,
    });
    return rows.map((row) => row.demand as object);
  }

  @Query(() => DemandStats, {
    description: 'Closure rate and response times of the demands of a zone, a chain or an assignee.',
  })
  async demandStats(
    @Arg('of', () => ID, { description: 'A zone (Park), an IndustryChain or an assignee id.' }) of: string,
    @Ctx() ctx: Context,
  ): Promise<DemandStats> {
    const b = new CypherBuilder();
    const [row] = await ctx.gateway.read({
      name: 'read/demandStats',
      cypher: [
        scope(b, of),
        "WITH count(d) AS total, count(CASE WHEN d.state IN ['CLOSED', 'REVIEWED'] THEN 1 END) AS closed,",
        '  avg(CASE WHEN d.assignedAt IS NOT NULL THEN duration.inSeconds(d.foundAt, d.assignedAt).seconds / 3600.0 END) AS response,',
        '  avg(CASE WHEN d.closedAt IS NOT NULL THEN duration.inSeconds(d.foundAt, d.closedAt).seconds / 3600.0 END) AS closing',
        'RETURN total, closed, total - closed AS open, CASE WHEN total = 0 THEN null ELSE toFloat(closed) / total END AS closureRate,',
        '  response AS meanResponseHours, closing AS meanClosingHours',
      ].join('\n'),
      params: b.params,
    });
    return row as unknown as DemandStats;
  }
}
