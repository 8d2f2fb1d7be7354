import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType, type NonEmptyArray, type PubSub } from 'type-graphql';
import { fromRoot } from '../paths';
import { AnalysisResolver } from '../analysis/analysis.resolver';
import { ENTITY_RESOLVERS, NodeResolver } from '../read/resolvers';
import { TraversalResolver } from '../read/traversals';
import { DemandResolver } from '../demands/demands';
import { ChangeFeedResolver } from '../changes/feed.resolver';
import { ChangeSubscriptionResolver } from '../changes/subscriptions.resolver';
import { WebhookResolver } from '../changes/webhooks.resolver';
import { withIdempotency } from '../mutations/idempotency';
import { WRITE_RESOLVERS } from '../mutations/write.resolver';
import { authChecker } from './auth';
import { ServiceInfoResolver } from '../system/service-info.resolver';
import { treatNullAsOmitted } from './null-arguments';
import { readPrefetchedByDefault } from '../read/prefetch';

/** The committed, reviewed copy of the schema; a test fails when the code and this file drift apart. */
export const SCHEMA_FILE = fromRoot('schema', 'schema.graphql');

/** Every resolver of the API; each domain folder adds its own here. */
const RESOLVERS: NonEmptyArray<ClassType> = [
  ServiceInfoResolver,
  NodeResolver,
  TraversalResolver,
  AnalysisResolver,
  ...ENTITY_RESOLVERS,
  ...WRITE_RESOLVERS,
  DemandResolver,
  ChangeFeedResolver,
  ChangeSubscriptionResolver,
  WebhookResolver,
];

/**
 * type-graphql wants a pub/sub as soon as a subscription exists, even though every subscription here
 * reads the change log through its own `subscribe` (src/changes/follow.ts). No field uses topics, so
 * this one refuses them: a topic-based field added by mistake fails loudly instead of never firing.
 */
const NO_TOPICS: PubSub = {
  publish: () => {
    throw new Error('subscriptions read the change log; there are no pub/sub topics');
  },
  subscribe: () => {
    throw new Error('subscriptions read the change log; there are no pub/sub topics');
  },
};

/**
 * Builds the executable schema. `validate: true` runs class-validator on every input (off by default);
 * an explicit null for an optional argument means "not given" everywhere (see null-arguments.ts).
 */
export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    validate: true,
    authChecker,
    pubSub: NO_TOPICS,
  });
  // type-graphql builds the root types without a description; GraphiQL's explorer opens on them.
  const roots = {
    query: schema.getQueryType(),
    mutation: schema.getMutationType(),
    subscription: schema.getSubscriptionType(),
  };
  if (roots.query) roots.query.description = ROOT_DESCRIPTIONS.query;
  if (roots.mutation) roots.mutation.description = ROOT_DESCRIPTIONS.mutation;
  if (roots.subscription) roots.subscription.description = ROOT_DESCRIPTIONS.subscription;
  return treatNullAsOmitted(withIdempotency(readPrefetchedByDefault(schema)));
}

const ROOT_DESCRIPTIONS = {
  query:
    'The read API: any node by id, a look-up and a paged list per label, search, traversals and the planner’s analyses.',
  mutation: 'Writes, for editor and admin API keys: upserts, deletes, links, imports and the demand loop.',
  subscription:
    'The change log pushed as it grows, over the graphql-ws protocol on this same path: a chain’s changes, a demand’s steps.',
};

/** The schema as SDL, sorted so the committed file diffs cleanly. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
