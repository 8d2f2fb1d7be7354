/** The GraphQL face of the webhooks: the registration input, a webhook with its delivery state. */
import { ArrayMaxSize, IsIn, IsOptional, IsUrl, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { CHANGE_OPS, type ChangeFilter } from '../history/change';
import { NODE_LABELS } from '../model/registry';
import { ChangeOpEnum } from './types';
import type { WebhookRow } from './webhook-statements';

const LIST_LIMIT = 100;

@InputType({ description: 'A webhook to register: where to POST, and which changes (all by default).' })
export class WebhookInput {
  @Field({ description: 'An http or https URL, without user or password, at most 2000 characters.' })
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true },
    { message: 'url must be an http or https URL, without user or password' },
  )
  url!: string;

  @Field(() => [ID], { nullable: true, description: 'Only changes touching these industry chains.' })
  @IsOptional()
  @ArrayMaxSize(LIST_LIMIT)
  chains?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only changes of nodes of these labels, or of relationships with an end of one.',
  })
  @IsOptional()
  @ArrayMaxSize(LIST_LIMIT)
  @IsIn(NODE_LABELS, { each: true })
  labels?: string[] | null;

  @Field(() => [ChangeOpEnum], { nullable: true, description: 'Only changes that did one of these.' })
  @IsOptional()
  @ArrayMaxSize(CHANGE_OPS.length)
  @IsIn(CHANGE_OPS, { each: true })
  ops?: ChangeOpEnum[] | null;
}

@ObjectType({ description: 'Which changes a webhook receives; a list not given means any.' })
export class WebhookFilter {
  @Field(() => [ID], { nullable: true, description: 'Industry chains the change touches.' })
  chains!: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Labels of the node changed or a relationship’s ends.',
  })
  labels!: string[] | null;

  @Field(() => [ChangeOpEnum], { nullable: true, description: 'What the change did.' })
  ops!: ChangeOpEnum[] | null;
}

@ObjectType({ description: 'A webhook and where its delivery stands.' })
export class Webhook {
  @Field(() => ID, { description: 'Its id, webhook:<uuid>; every delivery names it in Webhook-Id.' })
  id!: string;

  @Field({ description: 'Where the changes are POSTed.' })
  url!: string;

  @Field(() => WebhookFilter, { description: 'Which changes it receives.' })
  filter!: WebhookFilter;

  @Field(() => GraphQLDateTimeISO, {
    description: 'When it was registered; it receives changes from then on.',
  })
  createdAt!: string;

  @Field(() => ID, {
    description: 'Every matching change up to this number was answered 2xx (as text, like Change.seq).',
  })
  deliveredSeq!: string;

  @Field({ description: 'The change cursor of deliveredSeq, for Query.changes(after:) or a subscription.' })
  deliveredCursor!: string;

  @Field(() => Int, { description: 'Matching changes not yet delivered, counted up to 10000.' })
  pending!: number;

  @Field(() => Int, { description: 'Failed attempts at the next change since the last success.' })
  attempts!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last attempt failed: a status or a network error.',
  })
  lastError!: string | null;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: 'When the next attempt is due, after a failure.',
  })
  nextAttemptAt!: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When a change was last delivered.' })
  lastDeliveredAt!: string | null;
}

@ObjectType({ description: 'A webhook just registered, with its secret, shown this once.' })
export class RegisteredWebhook extends Webhook {
  @Field({
    description:
      'The key of the HMAC-SHA256 in Webhook-Signature; shown only now, so keep it. Delete and register again to change it.',
  })
  secret!: string;
}

/** The feed filter a webhook delivers. */
export const filterOf = (row: Pick<WebhookRow, 'labels' | 'chains' | 'ops'>): ChangeFilter => ({
  labels: row.labels,
  chains: row.chains,
  ops: row.ops,
});
