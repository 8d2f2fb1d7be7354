import type { ApolloServerPlugin } from '@apollo/server';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/** The root fields of one request still running, and who waits for them to end. */
interface Pending {
  count: number;
  idle?: () => void;
}

/** Per request context: the context object lives exactly as long as its request. */
const pendingOf = new WeakMap<object, Pending>();
const SETTLING = Symbol('settleRootFields');

/**
 * Wraps every root field's resolver once per schema so that it counts itself on its request's record.
 * Done here instead of in a `willResolveField` hook: that hook makes Apollo instrument every field of
 * every answer (a dispatcher call and two closures per field), while only the root fields matter.
 */
function countRootFields(schema: GraphQLSchema): void {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const marked = field as { [SETTLING]?: true };
      if (marked[SETTLING]) continue;
      marked[SETTLING] = true;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const counted: GraphQLFieldResolver<unknown, unknown> = (source, args, context: unknown, info) => {
        const pending = typeof context === 'object' && context ? pendingOf.get(context) : undefined;
        if (!pending) return resolve(source, args, context, info);
        pending.count += 1;
        const done = (): void => {
          pending.count -= 1;
          if (pending.count === 0) pending.idle?.();
        };
        let value: unknown;
        try {
          value = resolve(source, args, context, info);
        } catch (error) {
          done();
          throw error;
        }
        const then = (value as { then?: unknown } | null)?.then;
        if (typeof then === 'function') (value as PromiseLike<unknown>).then(done, done);
        else done();
        return value;
      };
      field.resolve = counted;
    }
  }
}

/**
 * Holds each answer until every root field of its request has finished. graphql-js answers as soon
 * as one non-null root field fails, while the others' statements go on running in Neo4j; a client
 * could then send request after request, each leaving its aliases' statements behind, and take the
 * whole connection pool while every one of its answers came back fast. Waiting here keeps the work
 * of one request inside its own answer time (each statement is itself bounded by its time limit).
 */
export function settleRootFields(): ApolloServerPlugin {
  return {
    serverWillStart({ schema }) {
      countRootFields(schema);
      return Promise.resolve();
    },
    requestDidStart({ contextValue }) {
      const pending: Pending = { count: 0 };
      pendingOf.set(contextValue, pending);
      return Promise.resolve({
        async willSendResponse() {
          if (pending.count > 0) await new Promise<void>((resolve) => (pending.idle = resolve));
        },
      });
    },
  };
}
