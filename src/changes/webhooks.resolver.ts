/**
 * `Mutation.registerWebhook`, `Mutation.deleteWebhook` and `Query.webhooks`, for admin keys only:
 * a webhook is told every change it matches, so registering one is as much as reading everything.
 * Delivery itself is the dispatcher's (dispatcher.ts).
 */
import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AppError } from '../errors';
import { countChangesStatement } from '../history/feed';
import { requireId } from '../read/args';
import type { Context } from '../read/context';
import { webhooksChanged } from './dispatcher';
import { newSecret } from './signature';
import { changeCursor, type ChangeOpEnum } from './types';
import {
  createWebhookStatement,
  deleteWebhookStatement,
  listWebhooksStatement,
  type WebhookRow,
} from './webhook-statements';
import { filterOf, RegisteredWebhook, Webhook, WebhookInput } from './webhook-types';

const ADMIN = ['admin'];
const PENDING_CAP = 10_000;
const ID_FORM = /^webhook:[0-9a-f-]{36}$/;

function toWebhook(row: WebhookRow, pending: number): Webhook {
  return {
    id: row.id,
    url: row.url,
    filter: { chains: row.chains, labels: row.labels, ops: row.ops as ChangeOpEnum[] | null },
    createdAt: row.createdAt,
    deliveredSeq: String(row.deliveredSeq),
    deliveredCursor: changeCursor(row.deliveredSeq),
    pending,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt,
    lastDeliveredAt: row.lastDeliveredAt,
  };
}

@Resolver()
export class WebhookResolver {
  @Authorized(ADMIN)
  @Mutation(() => RegisteredWebhook, {
    description:
      'Registers a webhook (admin key): every change committed from now on that matches its filter is POSTed to its URL, signed, at least once, in order.',
  })
  async registerWebhook(
    @Arg('input', () => WebhookInput, { description: 'The URL and which changes.' }) input: WebhookInput,
    @Ctx() ctx: Context,
  ): Promise<RegisteredWebhook> {
    for (const chain of input.chains ?? []) requireId('chains', chain, ['IndustryChain']);
    const secret = newSecret();
    const [row] = await ctx.gateway.write(
      createWebhookStatement({
        id: `webhook:${randomUUID()}`,
        url: input.url,
        secret,
        chains: input.chains ?? null,
        labels: input.labels ?? null,
        ops: input.ops ?? null,
        by: ctx.callerName ?? ctx.caller ?? null,
      }),
    );
    if (!row) throw new Error('creating a webhook returned no row');
    webhooksChanged();
    return { ...toWebhook(row, 0), secret };
  }

  @Authorized(ADMIN)
  @Mutation(() => Boolean, {
    description: 'Deletes a webhook (admin key); no delivery follows. False when no webhook had the id.',
  })
  async deleteWebhook(
    @Arg('id', () => ID, { description: 'The webhook’s id.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    if (!ID_FORM.test(id)) throw new AppError('BAD_USER_INPUT', 'id must be a webhook id, webhook:<uuid>');
    const [row] = await ctx.gateway.write(deleteWebhookStatement(id));
    return row?.found ?? false;
  }

  @Authorized(ADMIN)
  @Query(() => [Webhook], {
    description: 'The webhooks (admin key), oldest first, with where delivery stands; never their secrets.',
  })
  async webhooks(@Ctx() ctx: Context): Promise<Webhook[]> {
    const rows = await ctx.gateway.read(listWebhooksStatement());
    return Promise.all(
      rows.map(async (row) => {
        const [count] = await ctx.gateway.read(
          countChangesStatement(row.deliveredSeq, filterOf(row), PENDING_CAP),
        );
        return toWebhook(row, count?.count ?? 0);
      }),
    );
  }
}
