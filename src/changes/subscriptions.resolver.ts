/**
 * `Subscription.chainChanges` and `Subscription.demandSteps`: the change feed pushed over graphql-ws.
 * Each replays what came after `after` (a cursor of Query.changes, of an edge, or of a
 * SUBSCRIBER_TOO_SLOW error) and then follows live, with neither gap nor repeat (see follow.ts).
 */
import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { AppError } from '../errors';
import type { ChangeFilter } from '../history/change';
import { requireId } from '../read/args';
import type { Context } from '../read/context';
import type { NodeLabel } from '../model/registry';
import { seqOfCursor } from './feed.resolver';
import { followChanges } from './follow';
import { nodeExistsStatement } from './statements';
import { ChangeEdge, changeCursor, toChange } from './types';

interface FollowArgs {
  id: string;
  after?: string | null;
}

/** What a subscription's context carries beyond a query's: the queue limit and the poll interval. */
export interface PushSettings {
  queueLimit: number;
  pollMs: number;
}
export type SubscriptionContext = Context & { push: PushSettings };

/**
 * The edges of the changes that match `filter`, after the cursor given, for as long as the client
 * listens. A plain iterator, not an async generator: a generator's `return` waits for the pending
 * `next`, so an unsubscribe would keep the follower reading until its next change.
 */
async function follow(
  ctx: SubscriptionContext,
  args: FollowArgs,
  label: NodeLabel,
  filter: ChangeFilter,
): Promise<AsyncIterableIterator<ChangeEdge>> {
  requireId('id', args.id, [label]);
  const after = seqOfCursor(args.after);
  const [found] = await ctx.gateway.read(nodeExistsStatement(label, args.id));
  if (!found?.exists) throw new AppError('NOT_FOUND', `no ${label} has id ${args.id}`);
  const records = await followChanges(ctx.gateway, { after, filter, ...ctx.push });
  const edges: AsyncIterableIterator<ChangeEdge> = {
    next: async () => {
      const next = await records.next();
      return next.done
        ? { value: undefined, done: true }
        : { value: { cursor: changeCursor(next.value.seq), node: toChange(next.value) }, done: false };
    },
    return: async () => {
      await records.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => edges,
  };
  return edges;
}

const argsOf = (
  { args }: SubscribeResolverData<unknown, Record<string, unknown>, SubscriptionContext>,
  name: string,
): FollowArgs => ({
  id: args[name] as string,
  after: args.after as string | null | undefined,
});

const AFTER = {
  nullable: true,
  description:
    'A change cursor (Query.changes’ endCursor, an edge’s cursor, or a SUBSCRIBER_TOO_SLOW error’s resumeAfter): ' +
    'replay what came after it first. Without it, only changes still to come.',
} as const;

@Resolver()
export class ChangeSubscriptionResolver {
  @Subscription(() => ChangeEdge, {
    description:
      'The changes that touch an industry chain (those Query.changes(filter: {chains: [chainId]}) lists), oldest first, as they commit. ' +
      'A subscriber that falls more than SUBSCRIPTION_QUEUE_LIMIT changes behind is ended with SUBSCRIBER_TOO_SLOW.',
    subscribe: (data: SubscribeResolverData<unknown, Record<string, unknown>, SubscriptionContext>) => {
      const args = argsOf(data, 'chainId');
      return follow(data.context, args, 'IndustryChain', { chains: [args.id] });
    },
  })
  chainChanges(
    @Root() edge: ChangeEdge,
    @Arg('chainId', () => ID, { description: 'The IndustryChain to follow.' }) _chainId: string,
    @Arg('after', () => String, AFTER) _after?: string | null,
  ): ChangeEdge {
    return edge;
  }

  @Subscription(() => ChangeEdge, {
    description:
      'A demand’s changes: its raising, each step along the loop (DEMAND_STEP), an update or its deletion, as they commit.',
    subscribe: (data: SubscribeResolverData<unknown, Record<string, unknown>, SubscriptionContext>) => {
      const args = argsOf(data, 'demandId');
      const ops = ['CREATE', 'UPDATE', 'DEMAND_STEP', 'DELETE'] as const;
      return follow(data.context, args, 'Demand', { ids: [args.id], ops: [...ops] });
    },
  })
  demandSteps(
    @Root() edge: ChangeEdge,
    @Arg('demandId', () => ID, { description: 'The Demand to follow.' }) _demandId: string,
    @Arg('after', () => String, AFTER) _after?: string | null,
  ): ChangeEdge {
    return edge;
  }
}
