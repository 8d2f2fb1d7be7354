import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Holds each answer until every root field of its request has finished. graphql-js answers as soon
 * as one non-null root field fails, while the others' statements go on running in Neo4j; a client
 * could then send request after request, each leaving its aliases' statements behind, and take the
 * whole connection pool while every one of its answers came back fast. Waiting here keeps the work
 * of one request inside its own answer time (each statement is itself bounded by its time limit).
 */
export function settleRootFields(): ApolloServerPlugin {
  return {
    requestDidStart() {
      let pending = 0;
      let idle: (() => void) | undefined;
      return Promise.resolve({
        executionDidStart() {
          return Promise.resolve({
            willResolveField({ info }) {
              if (info.path.prev !== undefined) return undefined;
              pending += 1;
              return () => {
                pending -= 1;
                if (pending === 0) idle?.();
              };
            },
          });
        },
        async willSendResponse() {
          if (pending > 0) await new Promise<void>((resolve) => (idle = resolve));
        },
      });
    },
  };
}
