import { GraphQLError, OperationTypeNode, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * A document is only valid if the schema has a root type for each of its operations (graphql-js 17's
 * KnownOperationTypesRule). graphql-js 16 finds out only while executing, and throws an error
 * without a code, which would be masked as INTERNAL_SERVER_ERROR; a `subscription` is the client's
 * mistake, so it is refused here as GRAPHQL_VALIDATION_FAILED.
 */
export function knownOperationTypes(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      const root =
        node.operation === OperationTypeNode.QUERY
          ? schema.getQueryType()
          : node.operation === OperationTypeNode.MUTATION
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      if (!root) {
        context.reportError(
          new GraphQLError(`The schema does not support ${node.operation} operations.`, { nodes: node }),
        );
      }
    },
  };
}

/**
 * Over HTTP a subscription would run as a query, its field resolving once with no event: it is refused
 * instead, saying where subscriptions are served. The socket (subscriptions.ts) does not use this rule.
 */
export function noSubscriptionOverHttp(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === OperationTypeNode.SUBSCRIPTION)
        context.reportError(
          new GraphQLError(
            'Subscriptions are served over the graphql-ws protocol (a WebSocket on this same path), not over HTTP.',
            { nodes: node },
          ),
        );
    },
  };
}
