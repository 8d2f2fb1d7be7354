/**
 * Limits that keep one query from taking the service down: graphql-armor for depth, aliases, tokens
 * and directives, a size limit on the query text, and a cost rule that knows which fields are
 * expensive (traversals, analyses, lists), so a cheap-looking query cannot fan out without limit.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  type GraphQLNamedType,
  type SelectionNode,
  getNamedType,
  isListType,
  getNullableType,
  type ASTVisitor,
  type FieldNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Config } from '../config/config';
import { knownOperationTypes } from './operation-types';
import { settleRootFields } from './settle';

/** The limits as the configuration holds them (MAX_DEPTH, MAX_ALIASES, ...). */
export type Limits = Config['limits'];

/** Cost of one call of each expensive root field, before what is selected under it. */
const FIELD_COST: Record<string, number> = {
  supplyChain: 50,
  partyChain: 50,
  talentChain: 20,
  innovationChain: 20,
  shortestPath: 100,
  search: 20,
  chainSnapshot: 100,
  chainGaps: 100,
  chainDiff: 300,
  fillCandidates: 200,
  blastRadius: 100,
  partyCoverage: 50,
  compareParks: 200,
};

/** How many items a list field is assumed to return when it has no `first`: nested lists, traversals. */
const ASSUMED_LIST_SIZE = 10;
const ASSUMED_VARIABLE_FIRST = 100;

function argumentInt(field: FieldNode, name: string): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  if (arg.value.kind === Kind.INT) return Number(arg.value.value);
  // Validation runs before variables are known: a `first` passed as a variable counts as the page limit.
  if (arg.value.kind === Kind.VARIABLE) return ASSUMED_VARIABLE_FIRST;
  return undefined;
}

/**
 * The cost rule: a field costs 1, plus the cost of what is selected under it times how many items it
 * returns (its `first`, or an assumed 10 for other lists), plus the fixed cost of an expensive field.
 * A fragment costs what it would cost expanded where it is spread, but is priced once per document:
 * its cost depends only on its own type condition, so expanding it again at every spread (exponential
 * in a chain of fragments each spreading the next twice) would only repeat the same sum.
 */
export function costRule(maxCost: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    /** Each fragment's price; `IN_PROGRESS` while it is being priced, so a cycle counts as 0. */
    const fragmentCost = new Map<string, number>();
    const IN_PROGRESS = -1;
    const priceOfFragment = (name: string): number => {
      const known = fragmentCost.get(name);
      if (known !== undefined) return known === IN_PROGRESS ? 0 : known;
      const fragment = context.getFragment(name);
      if (!fragment) return 0;
      fragmentCost.set(name, IN_PROGRESS);
      const type = schema.getType(fragment.typeCondition.name.value) ?? undefined;
      const cost = costOf(fragment.selectionSet.selections, type);
      fragmentCost.set(name, cost);
      return cost;
    };
    const costOf = (
      selections: readonly SelectionNode[],
      parentType: GraphQLNamedType | undefined,
    ): number => {
      let total = 0;
      for (const selection of selections) {
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          total += priceOfFragment(selection.name.value);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const type = selection.typeCondition
            ? schema.getType(selection.typeCondition.name.value)
            : parentType;
          total += costOf(selection.selectionSet.selections, type ?? undefined);
        } else {
          const fieldDef =
            parentType && 'getFields' in parentType
              ? parentType.getFields()[selection.name.value]
              : undefined;
          const returnType = fieldDef ? getNullableType(fieldDef.type) : undefined;
          // A page is as large as the larger of `first` and `last` (a backward page costs what a forward one does).
          const sizes = [argumentInt(selection, 'first'), argumentInt(selection, 'last')];
          const first = sizes.some((n) => n !== undefined)
            ? Math.max(...sizes.map((n) => n ?? 0))
            : undefined;
          // A connection's `first` already counts its page: its edges and nodes lists add no factor.
          const pageOfConnection = parentType?.name.endsWith('Connection') === true;
          const multiplier =
            first ?? (returnType && isListType(returnType) && !pageOfConnection ? ASSUMED_LIST_SIZE : 1);
          const inner = selection.selectionSet
            ? costOf(selection.selectionSet.selections, fieldDef ? getNamedType(fieldDef.type) : undefined)
            : 0;
          total += 1 + (FIELD_COST[selection.name.value] ?? 0) + multiplier * inner;
        }
      }
      // Past this the figure is no longer exact, and it is far over any limit anyway.
      return Math.min(total, Number.MAX_SAFE_INTEGER);
    };
    return {
      OperationDefinition(node) {
        const root =
          node.operation === OperationTypeNode.MUTATION
            ? context.getSchema().getMutationType()
            : node.operation === OperationTypeNode.SUBSCRIPTION
              ? context.getSchema().getSubscriptionType()
              : context.getSchema().getQueryType();
        const cost = costOf(node.selectionSet.selections, root ?? undefined);
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(
              `Query cost ${cost} exceeds the limit of ${maxCost}; ask for fewer or smaller lists, or lower depths.`,
              {
                extensions: { code: 'BAD_USER_INPUT', cost, limit: maxCost },
              },
            ),
          );
        }
      },
    };
  };
}

/** graphql-armor's protections with our limits, and the cost rule beside them. */
export function protections(limits: Limits): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    // Depth is the data's depth: fragments are flattened, or a client's fragment-per-component document
    // (Relay's) would pass MAX_DEPTH on fragments alone. nesting.ts bounds how deeply fragments nest.
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    // Counted by graphql-js's own parser instead (parseOptions.maxTokens): armor's token plugin turns
    // every syntax error into a 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    // The generic cost limit cannot tell a traversal from a scalar: costRule replaces it.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const armored = armor.protect();
  return {
    plugins: [...armored.plugins, settleRootFields()],
    validationRules: [knownOperationTypes, ...armored.validationRules, costRule(limits.maxCost)],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
