import type express from 'express';
import {
  Kind,
  parse,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** What one selection set holds: its own nesting depth, and the fragments it spreads, at which level. */
interface Shape {
  depth: number;
  spreads: { name: string; at: number }[];
}

/**
 * What a level is: `fields` counts the levels of data a query asks for (fields only; fragments and inline
 * fragments are flattened, as graphql-armor's `flattenFragments` counts them), which is what MAX_DEPTH
 * limits; `fragments` counts how deeply fragments and inline fragments nest, which is what makes the
 * recursive validation rules recurse.
 */
type Levels = 'fields' | 'fragments';

/**
 * Walks one selection tree, not following spreads. Recursion here is as deep as the text's own braces,
 * which the parser, whose recursion is deeper per level, has already survived.
 */
function shapeOf(set: SelectionSetNode, level: number, shape: Shape, levels: Levels): Shape {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value === '__schema') {
      // Introspection is left out, as graphql-armor leaves it out: GraphiQL's own query is deep.
      continue;
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      // `at`: the level the fragment's own selections start at; a spread is a level only of fragments.
      shape.spreads.push({ name: selection.name.value, at: levels === 'fields' ? level : level + 1 });
    } else {
      const counts = (selection.kind === Kind.FIELD) === (levels === 'fields');
      const next = counts ? level + 1 : level;
      shape.depth = Math.max(shape.depth, next);
      if (selection.selectionSet) shapeOf(selection.selectionSet, next, shape, levels);
    }
  }
  return shape;
}

/**
 * The deepest nesting of each operation with its fragments expanded, counting the given levels,
 * computed without recursion across fragments and pricing each fragment once: linear in the document.
 * A fragment cycle counts as no depth (NoFragmentCyclesRule reports it).
 */
export function nestingDepths(document: DocumentNode, levels: Levels = 'fields'): number[] {
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
      known = shapeOf(fragment.selectionSet, 0, { depth: 0, spreads: [] }, levels);
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
      const deepest = own.spreads.reduce((d, s) => Math.max(d, s.at + (depth.get(s.name) ?? 0)), own.depth);
      depth.set(name, deepest);
      open.delete(name);
      stack.pop();
    }
    return depth.get(root) ?? 0;
  };
  return document.definitions.flatMap((d) => {
    if (d.kind !== Kind.OPERATION_DEFINITION) return [];
    const own = shapeOf(d.selectionSet, 0, { depth: 0, spreads: [] }, levels);
    return [own.spreads.reduce((m, s) => Math.max(m, s.at + expanded(s.name)), own.depth)];
  });
}

/** Fragments spread side by side in one selection set, at most (see documentGuard). */
const MAX_SPREADS_PER_SELECTION = 100;

/** The most fragment spreads (distinct names) in any one selection set of the document. */
function widestSpread(document: DocumentNode): number {
  let widest = 0;
  visit(document, {
    SelectionSet(node) {
      const names = new Set<string>();
      for (const s of node.selections) if (s.kind === Kind.FRAGMENT_SPREAD) names.add(s.name.value);
      widest = Math.max(widest, names.size);
    },
  });
  return widest;
}

/**
 * How deeply fragments and inline fragments may nest, whatever MAX_DEPTH says. Far above what a client
 * generates (Relay nests a fragment per component), far below the few thousand at which the recursive
 * validation rules overflow the stack.
 */
export const MAX_FRAGMENT_NESTING = 50;

/** Why a document is refused before validation, or undefined when it may go on. */
export function documentProblem(document: DocumentNode, maxDepth: number): string | undefined {
  const deepest = nestingDepths(document, 'fields').reduce((a, b) => Math.max(a, b), 0);
  if (deepest > maxDepth) return `Query depth limit of ${maxDepth} exceeded, found ${deepest}.`;
  const nested = nestingDepths(document, 'fragments').reduce((a, b) => Math.max(a, b), 0);
  if (nested > MAX_FRAGMENT_NESTING) {
    return `Fragments nest ${nested} deep; at most ${MAX_FRAGMENT_NESTING} levels are allowed.`;
  }
  const widest = widestSpread(document);
  if (widest > MAX_SPREADS_PER_SELECTION) {
    return `A selection spreads ${widest} fragments side by side; at most ${MAX_SPREADS_PER_SELECTION} are allowed.`;
  }
  return undefined;
}

/** Documents whose verdict documentGuard keeps (oldest forgotten first), and the longest text it keeps: 10 MB at most. */
const MAX_REMEMBERED_DOCUMENTS = 1000;
const MAX_REMEMBERED_CHARS = 10_000;

/**
 * Refuses, before Apollo validates it, a document that would make a validation rule slow or
 * crash: fields nested deeper than MAX_DEPTH, fragments nested deeper than MAX_FRAGMENT_NESTING
 * (graphql-js's OverlappingFieldsCanBeMergedRule and graphql-armor's counters recurse through
 * fragments and overflow the stack on a long chain of them), or with more than MAX_SPREADS_PER_SELECTION
 * fragments spread in one selection set (OverlappingFieldsCanBeMergedRule compares every pair of
 * them: quadratic). A validation rule cannot do this: the rules run side by side, so reporting an
 * error does not stop the others, and one that throws becomes a 500. Parsing twice costs a
 * linear pass, once per distinct document.
 */
export function documentGuard(limits: { maxDepth: number; maxTokens: number }): express.RequestHandler {
  // The verdict depends only on the text (the limits are fixed per app): clients send the same few
  // documents again and again, so each is parsed and measured once, not on every request.
  const verdicts = new Map<string, string | undefined>();
  const verdictOf = (query: string): string | undefined => {
    if (verdicts.has(query)) return verdicts.get(query);
    let problem: string | undefined;
    try {
      problem = documentProblem(
        parse(query, { maxTokens: limits.maxTokens, noLocation: true }),
        limits.maxDepth,
      );
    } catch {
      // A text that does not parse is left to Apollo, which reports it.
      problem = undefined;
    }
    if (query.length > MAX_REMEMBERED_CHARS) return problem;
    if (verdicts.size >= MAX_REMEMBERED_DOCUMENTS) verdicts.delete(verdicts.keys().next().value as string);
    verdicts.set(query, problem);
    return problem;
  };
  return (req, res, next) => {
    const body = req.body as { query?: unknown } | undefined;
    const query = req.method === 'GET' ? req.query.query : body?.query;
    const problem = typeof query === 'string' ? verdictOf(query) : undefined;
    if (problem === undefined) {
      next();
      return;
    }
    res.status(400).json({
      errors: [
        { message: problem, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: limits.maxDepth } },
      ],
    });
  };
}
