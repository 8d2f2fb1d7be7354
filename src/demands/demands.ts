/**
 * The closed-loop demand list of the articles (发现 → 交办 → 整改 → 销号 → 复核): an enterprise raises a
 * demand; it is assigned, rectified, closed and reviewed, each step timestamped; a step out of order is
 * refused. Closure rate and response times are computed in Cypher over the demands of a zone, a chain
 * or an assignee. The statements are in statements.ts; the resolvers check, send and answer.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import { AppError } from '../errors';
import type { Row } from '../db/neo4j';
import { requireId } from '../read/args';
import { selectionOf } from '../read/compile';
import { entityType } from '../read/types';
import type { Context } from '../read/context';
import type { NodeLabel } from '../model/registry';
import { log } from '../log';
import { WRITER_ROLES } from '../mutations/write.resolver';
import { actorOf } from '../mutations/writes';
import { runWrite } from '../import/pipeline';
import { ASSIGNEES, DemandInput, DemandState, DemandStats, NEXT_STATE } from './types';
import {
  advanceDemandStatement,
  demandStatsStatement,
  openDemandsStatement,
  raiseDemandStatement,
} from './statements';

const DEMAND = entityType('Demand');

@Resolver()
export class DemandResolver {
  @Authorized(WRITER_ROLES)
  @Mutation(() => DEMAND, {
    description: 'Records a demand raised by an enterprise (state FOUND).',
  })
  async raiseDemand(
    @Arg('input', () => DemandInput, { description: 'The demand, its enterprise and its source.' })
    input: DemandInput,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireId('enterprise', input.enterprise, ['Enterprise']);
    requireId('source', input.source, ['Source']);
    const by = ctx.caller ?? 'anonymous';
    // A refused write still commits (it wrote nothing), so that an idempotent retry keeps its answer.
    const demand = await runWrite(ctx.gateway, ctx.writes, {
      name: 'write/raiseDemand',
      actor: actorOf(ctx),
      write: async (tx) => {
        const [raised] = await tx.run(raiseDemandStatement(selectionOf(info), input, by));
        const refusal = !raised?.enterprise
          ? new AppError('NOT_FOUND', `no Enterprise has id ${input.enterprise}`)
          : !raised.source
            ? new AppError('NOT_FOUND', `no Source has id ${input.source}`)
            : raised.exists
              ? new AppError('CONFLICT', `a Demand with id ${input.id} exists already`)
              : undefined;
        return {
          value: raised?.demand ?? null,
          refusal,
          change: { op: 'CREATE', label: 'Demand', id: input.id, after: raised?.after, source: input.source },
        };
      },
    });
    log(`write: demand ${input.id} raised by ${input.enterprise}, recorded by ${by}`);
    return demand;
  }

  @Authorized(WRITER_ROLES)
  @Mutation(() => DEMAND, {
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
  ): Promise<Row | null> {
    requireId('id', id, ['Demand']);
    let assigneeLabel: NodeLabel | undefined;
    if (to === DemandState.ASSIGNED) {
      if (!assignee) throw new AppError('BAD_USER_INPUT', 'assigning a demand needs an assignee');
      assigneeLabel = requireId('assignee', assignee, ASSIGNEES);
    } else if (assignee) {
      throw new AppError('BAD_USER_INPUT', `an assignee is given only when assigning, not for ${to}`);
    }
    const from = (Object.keys(NEXT_STATE) as DemandState[]).find((state) => NEXT_STATE[state] === to);
    const by = ctx.caller ?? 'anonymous';
    const step = advanceDemandStatement(
      selectionOf(info),
      { id, from, to, by },
      assigneeLabel && assignee ? { label: assigneeLabel, id: assignee } : undefined,
    );
    const demand = await runWrite(ctx.gateway, ctx.writes, {
      name: 'write/advanceDemand',
      actor: actorOf(ctx),
      write: async (tx) => {
        const [moved] = await tx.run(step);
        const refusal = !moved?.found
          ? new AppError('NOT_FOUND', `no Demand has id ${id}`)
          : moved.was !== from
            ? new AppError(
                'CONFLICT',
                `a demand in state ${String(moved.was)} cannot move to ${to}; the loop is FOUND → ASSIGNED → RECTIFYING → CLOSED → REVIEWED`,
              )
            : !moved.assignee
              ? new AppError('NOT_FOUND', `no ${String(assigneeLabel)} has id ${String(assignee)}`)
              : undefined;
        return {
          value: moved?.demand ?? null,
          refusal,
          change: { op: 'DEMAND_STEP', label: 'Demand', id, before: moved?.before, after: moved?.after },
        };
      },
    });
    log(`write: demand ${id} → ${to} by ${by}`);
    return demand;
  }

  @Query(() => [DEMAND], {
    description: 'The open demands (not CLOSED or REVIEWED) of a zone, a chain or an assignee, oldest first.',
  })
  async openDemands(
    @Arg('of', () => ID, { description: 'A Park, IndustryChain or assignee id.' }) of: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row[]> {
    const rows = await ctx.gateway.read(openDemandsStatement(selectionOf(info), of));
    return rows.map((row) => row.demand);
  }

  @Query(() => DemandStats, {
    description: 'Closure rate and response times of the demands of a zone, a chain or an assignee.',
  })
  async demandStats(
    @Arg('of', () => ID, { description: 'A zone (Park), an IndustryChain or an assignee id.' }) of: string,
    @Ctx() ctx: Context,
  ): Promise<DemandStats | undefined> {
    const [row] = await ctx.gateway.read(demandStatsStatement(of));
    return row;
  }
}
