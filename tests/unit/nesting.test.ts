import { parse } from 'graphql';
import { MAX_FRAGMENT_NESTING, documentProblem, nestingDepths } from '../../src/server/nesting';

/** A chain of n fragments on Park, each selecting `zone` and spreading the next: Relay's fragment per component. */
function componentChain(n: number): string {
  const fragments = Array.from({ length: n }, (_, i) =>
    i + 1 < n ? `fragment F${i} on Park { id zone { ...F${i + 1} } }` : `fragment F${i} on Park { id }`,
  );
  return `query { park(id: "park:baiyin-htz") { ...F0 } } ${fragments.join(' ')}`;
}

describe('document nesting (MAX_DEPTH counts fields; fragments are bounded apart)', () => {
  it('counts the levels of data, not the fragments a client wraps them in', () => {
    // park > zone > zone > zone > id: five levels of fields, behind an inline fragment and four spreads.
    const document = parse(componentChain(4).replace('{ ...F0 }', '{ ... on Park { ...F0 } }'));
    expect(nestingDepths(document, 'fields')).toEqual([5]);
    expect(nestingDepths(document, 'fragments')).toEqual([5]);
  });

  it('lets a fragment-per-component document through when its data is within MAX_DEPTH', () => {
    // 8 nested fragments and 9 levels of fields: a spread counted as a level would make it 17.
    expect(documentProblem(parse(componentChain(8)), 12)).toBeUndefined();
  });

  it('refuses fields nested deeper than MAX_DEPTH, fragments or not', () => {
    expect(documentProblem(parse(componentChain(13)), 12)).toMatch(/depth limit of 12 exceeded, found 14/);
  });

  it('refuses fragments nested deeper than MAX_FRAGMENT_NESTING, even with no field inside', () => {
    const n = MAX_FRAGMENT_NESTING + 5;
    const chain = Array.from({ length: n }, (_, i) =>
      i + 1 < n ? `fragment F${i} on Query { ...F${i + 1} }` : `fragment F${i} on Query { __typename }`,
    );
    const problem = documentProblem(parse(`{ ...F0 } ${chain.join(' ')}`), 12);
    expect(problem).toMatch(new RegExp(`Fragments nest ${n} deep; at most ${MAX_FRAGMENT_NESTING}`));
  });
});
