import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';

/** What one selection set holds: its own nesting depth, and the fragments it spreads, at which depth. */
interface Shape {
  depth: number;
  spreads: { name: string; at: number }[];
}

/**
 * Walks one selection tree, not following spreads. Recursion here is as deep as the text's own braces,
 * which the parser, whose recursion is deeper per level, has already survived.
 */
function shapeOf(set: SelectionSetNode, level: number, shape: Shape): Shape {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value === '__schema') {
      // Introspection is left out, as graphql-armor leaves it out: GraphiQL's own query is deep.
      continue;
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      shape.spreads.push({ name: selection.name.value, at: level });
    } else {
      // A field and an inline fragment each count as a level, as graphql-armor's max-depth counts them.
      shape.depth = Math.max(shape.depth, level + 1);
      if (selection.selectionSet) shapeOf(selection.selectionSet, level + 1, shape);
    }
  }
  return shape;
}

/**
 * The deepest nesting of each operation with its fragments expanded, a spread counting as one level,
 * computed without recursion across fragments and pricing each fragment once: linear in the document.
 * A fragment cycle counts as no depth (NoFragmentCyclesRule reports it).
 */
export function nestingDepths(document: DocumentNode): number[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const shapes = new Map<string, Shape>();
  const depth = new Map<string, number>();
  const shape = (name: string): Shape | undefined => {
    const fragment = fragments.get(name);
    if (!fragment) return undefined;
    let known = shapes.get(name);
    if (!known) {
      known = shapeOf(fragment.selectionSet, 0, { depth: 0, spreads: [] });
      shapes.set(name, known);
    }
    return known;
  };
  /** A fragment's expanded depth, by an explicit stack instead of recursion, so a chain of 10,000 is fine. */
  const expanded = (root: string): number => {
    const stack = [root];
    const open = new Set<string>();
    while (stack.length > 0) {
      const name = stack[stack.length - 1];
      const own = shape(name);
      if (!own || depth.has(name)) {
        stack.pop();
        continue;
      }
      open.add(name);
      const pending = own.spreads.filter(
        (s) => !depth.has(s.name) && !open.has(s.name) && fragments.has(s.name),
      );
      if (pending.length > 0) {
        stack.push(...pending.map((s) => s.name));
        continue;
      }
      const deepest = own.spreads.reduce(
        (d, s) => Math.max(d, s.at + 1 + (depth.get(s.name) ?? 0)),
        own.depth,
      );
      depth.set(name, deepest);
      open.delete(name);
      stack.pop();
    }
    return depth.get(root) ?? 0;
  };
  return document.definitions.flatMap((d) => {
    if (d.kind !== Kind.OPERATION_DEFINITION) return [];
    const own = shapeOf(d.selectionSet, 0, { depth: 0, spreads: [] });
    return [own.spreads.reduce((m, s) => Math.max(m, s.at + 1 + expanded(s.name)), own.depth)];
  });
}

/**
 * Refuses a document nested deeper than `maxDepth` before any other rule walks it. graphql-js's
 * OverlappingFieldsCanBeMergedRule and graphql-armor's counters recurse through fragments and overflow
 * the stack on a long enough chain of them; a validation error cannot stop them (the rules run side by
 * side), so this one throws, and Apollo answers the thrown error with its HTTP status. It runs on the
 * Document node, which every rule enters before any selection.
 */
export function nestingGuard(maxDepth: number): ValidationRule {
  return (): ASTVisitor => ({
    Document(node) {
      const deepest = nestingDepths(node).reduce((a, b) => Math.max(a, b), 0);
      if (deepest > maxDepth) {
        throw new GraphQLError(`Query depth limit of ${maxDepth} exceeded, found ${deepest}.`, {
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: maxDepth, http: { status: 400 } },
        });
      }
    },
  });
}
