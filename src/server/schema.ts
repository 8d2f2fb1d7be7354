import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType, type NonEmptyArray } from 'type-graphql';
import { fromRoot } from '../paths';
import { AnalysisResolver } from '../analysis/analysis.resolver';
import { ENTITY_RESOLVERS, NodeResolver } from '../read/resolvers';
import { TraversalResolver } from '../read/traversals';
import { DemandResolver } from '../demands/demands';
import { ChangeFeedResolver } from '../changes/feed.resolver';
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
];

/**
 * Builds the executable schema. `validate: true` runs class-validator on every input (off by default);
 * an explicit null for an optional argument means "not given" everywhere (see null-arguments.ts).
 */
export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: RESOLVERS, validate: true, authChecker });
  // type-graphql builds the root types without a description; GraphiQL's explorer opens on them.
  const roots = { query: schema.getQueryType(), mutation: schema.getMutationType() };
  if (roots.query) roots.query.description = ROOT_DESCRIPTIONS.query;
  if (roots.mutation) roots.mutation.description = ROOT_DESCRIPTIONS.mutation;
  return treatNullAsOmitted(withIdempotency(readPrefetchedByDefault(schema)));
}

const ROOT_DESCRIPTIONS = {
  query:
    'The read API: any node by id, a look-up and a paged list per label, search, traversals and the planner’s analyses.',
  mutation: 'Writes, for editor and admin API keys: upserts, deletes, links, imports and the demand loop.',
};

/** The schema as SDL, sorted so the committed file diffs cleanly. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
