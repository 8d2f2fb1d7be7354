/** The GraphQL face of the change log: a change, the feed's filter and its page. */
import { IsIn, IsOptional, ArrayMaxSize } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO, GraphQLJSONObject } from 'graphql-scalars';
import { CHANGE_OPS, type ChangeRecord } from '../history/change';

export enum ChangeOpEnum {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
  LINK = 'LINK',
  UNLINK = 'UNLINK',
  IMPORT = 'IMPORT',
  SEED = 'SEED',
  DEMAND_STEP = 'DEMAND_STEP',
}
registerEnumType(ChangeOpEnum, {
  name: 'ChangeOp',
  valuesConfig: {
    CREATE: { description: 'A node was created.' },
    UPDATE: { description: 'A node’s properties were set.' },
    DELETE: { description: 'A node was deleted with its relationships (listed in `removed`).' },
    LINK: { description: 'A relationship was created or its properties set.' },
    UNLINK: { description: 'A relationship was removed.' },
    IMPORT: { description: 'An import: one change for all its rows, with counts and files.' },
    SEED: {
      description: 'The curated data set (or a generated one) loaded: one change with counts and files.',
    },
    DEMAND_STEP: { description: 'A demand moved one step along its loop.' },
  },
  description:
    'What a change did: a node created, updated or deleted, a relationship linked or unlinked, an import or the seed (one change each, with counts), a demand step.',
});

@ObjectType({ description: 'Who wrote: the API key’s role and its configured name, never the key.' })
export class ChangeActor {
  @Field({ description: 'editor, admin, or cli and seed for the command line.' })
  role!: string;

  @Field(() => String, { nullable: true, description: 'The key’s name in API_KEYS (role@name:key).' })
  name!: string | null;
}

@ObjectType({ description: 'A relationship by its type and the labels and ids of its ends.' })
export class ChangeRelationship {
  @Field({ description: 'The relationship type, e.g. OPERATES_IN.' })
  type!: string;

  @Field({ description: 'The label of its start node.' })
  fromLabel!: string;

  @Field(() => ID, { description: 'The id of its start node.' })
  from!: string;

  @Field({ description: 'The label of its end node.' })
  toLabel!: string;

  @Field(() => ID, { description: 'The id of its end node.' })
  to!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Its properties, where recorded.' })
  props?: Record<string, unknown> | null;
}

@ObjectType({ description: 'One change to the graph, in the order changes committed.' })
export class Change {
  @Field(() => ID, { description: 'Its number in the log, as text: commit order, gapless, never reused.' })
  seq!: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When it committed; never before the change before it.' })
  at!: string;

  @Field(() => ChangeActor, { description: 'Who wrote.' })
  actor!: ChangeActor;

  @Field(() => ChangeOpEnum, { description: 'What the change did.' })
  op!: ChangeOpEnum;

  @Field(() => String, { nullable: true, description: 'The label of the node changed.' })
  label!: string | null;

  @Field(() => ID, { nullable: true, description: 'The id of the node changed.' })
  entityId!: string | null;

  @Field(() => ChangeRelationship, { nullable: true, description: 'The relationship changed.' })
  relationship!: ChangeRelationship | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Properties before: null for something new.',
  })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Properties after: null for something removed.',
  })
  after!: Record<string, unknown> | null;

  @Field(() => [ChangeRelationship], { description: 'The relationships a delete removed with its node.' })
  removed!: ChangeRelationship[];

  @Field(() => ID, { nullable: true, description: 'The Source the write cited.' })
  source!: string | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'An import’s counts: nodes by label and relationships by type.',
  })
  counts!: Record<string, number> | null;

  @Field(() => [String], { description: 'An import’s files.' })
  files!: string[];

  @Field(() => [ID], { description: 'The zones the change touches.' })
  zones!: string[];

  @Field(() => [ID], { description: 'The industry chains the change touches.' })
  chains!: string[];
}

/** The GraphQL object of a change record. */
export function toChange(record: ChangeRecord): Change {
  return {
    ...record,
    seq: String(record.seq),
    op: record.op as ChangeOpEnum,
    entityId: record.id,
  };
}

const LIST_LIMIT = 100;

@InputType({
  description: 'Which changes: each list given must match one of its values, and all given must.',
})
export class ChangeFilterInput {
  @Field(() => [String], {
    nullable: true,
    description: 'Labels of the node changed or of a relationship’s ends.',
  })
  @IsOptional()
  @ArrayMaxSize(LIST_LIMIT)
  labels?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Ids of the node changed or of a relationship’s ends.' })
  @IsOptional()
  @ArrayMaxSize(LIST_LIMIT)
  ids?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Zones the change touches.' })
  @IsOptional()
  @ArrayMaxSize(LIST_LIMIT)
  zones?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Industry chains the change touches.' })
  @IsOptional()
  @ArrayMaxSize(LIST_LIMIT)
  chains?: string[] | null;

  @Field(() => [ChangeOpEnum], { nullable: true, description: 'What the change did.' })
  @IsOptional()
  @ArrayMaxSize(CHANGE_OPS.length)
  @IsIn(CHANGE_OPS, { each: true })
  ops?: ChangeOpEnum[] | null;
}

@ObjectType({ description: 'A change and its cursor.' })
export class ChangeEdge {
  @Field({ description: 'Give it as `after` to read on from this change.' })
  cursor!: string;

  @Field(() => Change, { description: 'The change.' })
  node!: Change;
}

@ObjectType({ description: 'Where a page of the change feed ends.' })
export class ChangePageInfo {
  @Field({
    description:
      'The cursor to read on from: past the last change of this page, or, when no change follows, past every change read.',
  })
  endCursor!: string;

  @Field({ description: 'Whether changes after this page existed when it was read.' })
  hasNextPage!: boolean;
}

@ObjectType({
  description:
    'A page of the change feed. Reading on from `endCursor` never skips a change and never repeats one, even while others write.',
})
export class ChangeConnection {
  @Field(() => [ChangeEdge], { description: 'The changes of the page, oldest first.' })
  edges!: ChangeEdge[];

  @Field(() => ChangePageInfo, { description: 'The cursor to read on from, and whether more follow.' })
  pageInfo!: ChangePageInfo;

  @Field(() => ID, { description: 'The newest change number when the page was read.' })
  head!: string;
}

/** Cursors are the change's number: opaque to clients, stable, and shared with subscriptions and webhooks. */
export const changeCursor = (seq: number): string => Buffer.from(`change:${seq}`).toString('base64url');
