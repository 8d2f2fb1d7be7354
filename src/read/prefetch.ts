import {
  defaultFieldResolver,
  GraphQLObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { projectionKey } from './compile';
import type { Context } from './context';

/**
 * Root resolvers fetch a field's whole subtree in one statement, keyed by projection key (the field
 * name, or `alias:name`, see compile.ts); every other field is read from that map. Objects keyed by
 * field names (connections, traversal steps, analysis rows) never hold an `alias:name` key, so they fall
 * back to graphql-js's default, which reads the field name whatever the alias.
 */
const readPrefetched: GraphQLFieldResolver<unknown, Context> = (source, args, context, info) => {
  if (source !== null && typeof source === 'object' && typeof info.path.key === 'string') {
    const key = projectionKey(info.path.key, info.fieldName);
    if (key in source) return (source as Record<string, unknown>)[key];
  }
  return defaultFieldResolver(source, args, context, info);
};

/**
 * Makes readPrefetched the resolver of every field that has none, on the schema itself, so that the
 * schema answers the same through the HTTP app, `graphql()` in a test, or any other executor.
 */
export function readPrefetchedByDefault(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()))
      field.resolve ??= readPrefetched as GraphQLFieldResolver<unknown, unknown>;
  }
  return schema;
}
