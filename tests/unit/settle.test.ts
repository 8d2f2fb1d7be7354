import { ApolloServer } from '@apollo/server';
import { GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { settleRootFields } from '../../src/server/settle';

/** A schema whose non-null `fails` throws at once while `slow` is still running. */
function schemaWith(slowMs: number, ended: string[]): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        fails: {
          type: new GraphQLNonNull(GraphQLString),
          resolve: () => Promise.reject(new Error('boom')),
        },
        slow: {
          type: GraphQLString,
          resolve: () =>
            new Promise((resolve) =>
              setTimeout(() => {
                ended.push('slow');
                resolve('done');
              }, slowMs),
            ),
        },
        plain: { type: GraphQLString, resolve: () => 'plain' },
      },
    }),
  });
}

describe('settleRootFields', () => {
  it('holds the answer until every root field has ended, even after a non-null one failed', async () => {
    const ended: string[] = [];
    const server = new ApolloServer({ schema: schemaWith(150, ended), plugins: [settleRootFields()] });
    await server.start();
    try {
      const response = await server.executeOperation({ query: '{ slow fails plain }' });
      // graphql-js gave up on `data` when `fails` threw; the answer still waited for `slow`.
      expect(ended).toEqual(['slow']);
      expect(response.body.kind === 'single' && response.body.singleResult.data).toBeNull();
      // A second request on the same schema: wrapped once, counted again.
      ended.length = 0;
      const again = await server.executeOperation({ query: '{ plain slow }' });
      expect(again.body.kind === 'single' && again.body.singleResult.data).toEqual({
        plain: 'plain',
        slow: 'done',
      });
    } finally {
      await server.stop();
    }
  });

  it('answers at once without the hold when no root field is pending', async () => {
    const ended: string[] = [];
    const schema = schemaWith(10, ended);
    // Two servers over one schema: its root fields are wrapped once, not twice.
    const first = new ApolloServer({ schema, plugins: [settleRootFields()] });
    const second = new ApolloServer({ schema, plugins: [settleRootFields()] });
    await first.start();
    await second.start();
    try {
      const response = await second.executeOperation({ query: '{ plain }' });
      expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({ plain: 'plain' });
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
