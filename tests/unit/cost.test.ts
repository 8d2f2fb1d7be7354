import { buildSchema, parse, validate } from 'graphql';
import { costRule } from '../../src/server/limits';

/**
 * The cost rule on a small schema of the same shapes as the service's (a connection, a nested list,
 * an expensive traversal root field), so each figure can be worked out by hand from the rule's
 * definition: a field costs 1, plus what is under it times its `first` (or 10 for a list), plus the
 * fixed cost of an expensive field. attack-limits.int.test.ts runs the real schema over HTTP.
 */
const schema = buildSchema(`
  type Query {
    park: Park
    parks(first: Int, last: Int): ParkConnection
    supplyChain(depth: Int): [Step]
    chainGaps: [Park]
  }
  type Mutation { upsertPark: Park }
  type ParkConnection { nodes: [Park] edges: [ParkEdge] totalCount: Int }
  type ParkEdge { cursor: String node: Park }
  type Park { id: ID name: String zone: Park chains(first: Int): [Chain] }
  type Chain { id: ID }
  type Step { node: Park }
`);

/** The cost the rule reports for a document: with a limit of 0, every document over 0 is refused with its cost. */
function costOf(source: string): number {
  const errors = validate(schema, parse(source), [costRule(0)]);
  expect(errors).toHaveLength(1);
  expect(errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 0 });
  return errors[0]?.extensions.cost as number;
}

describe('the cost rule', () => {
  // [what, document, cost worked out by hand]
  const cases: [string, string, number][] = [
    ['a field and a scalar under it', '{ park { id } }', 1 + 1],
    ['scalars side by side', '{ park { id name } }', 1 + 2],
    ['a nested object', '{ park { zone { id } } }', 1 + (1 + 1)],
    ['a list without first counts 10 items', '{ park { chains { id } } }', 1 + (1 + 10 * 1)],
    ['a list with first counts first items', '{ park { chains(first: 3) { id } } }', 1 + (1 + 3 * 1)],
    [
      "a connection's first counts its page once, not again for nodes",
      '{ parks(first: 5) { nodes { id } } }',
      1 + 5 * (1 + 1),
    ],
    [
      'edges and nodes both under the page',
      '{ parks(first: 2) { totalCount edges { cursor node { id } } nodes { id } } }',
      1 + 2 * (1 + (1 + 1 + (1 + 1)) + (1 + 1)),
    ],
    ['a backward page costs what a forward one does', '{ parks(last: 5) { nodes { id } } }', 1 + 5 * 2],
    ['with first and last, the larger counts', '{ parks(first: 2, last: 7) { nodes { id } } }', 1 + 7 * 2],
    [
      'a first given as a variable counts as the page limit',
      'query ($n: Int) { parks(first: $n) { nodes { id } } }',
      1 + 100 * 2,
    ],
    ['an expensive root field adds its fixed cost', '{ supplyChain { node { id } } }', 1 + 50 + 10 * (1 + 1)],
    ['an analysis root field', '{ chainGaps { id } }', 1 + 100 + 10 * 1],
    ['a mutation is priced on the Mutation type', 'mutation { upsertPark { zone { id } } }', 1 + (1 + 1)],
    [
      'an inline fragment costs what its fields cost',
      '{ park { ... on Park { id zone { id } } } }',
      1 + (1 + 2),
    ],
    [
      'a fragment spread costs what it would cost expanded',
      '{ park { ...P } } fragment P on Park { id zone { id } }',
      1 + (1 + 2),
    ],
    [
      'a fragment spread twice costs twice',
      '{ park { ...P zone { ...P } } } fragment P on Park { id }',
      1 + (1 + (1 + 1)),
    ],
    [
      'a cycle of fragments adds nothing for the repeat',
      '{ park { ...A } } fragment A on Park { id zone { ...A } }',
      1 + (1 + (1 + 0)),
    ],
    ['an unknown fragment costs nothing', '{ park { id ...Missing } }', 1 + 1],
  ];
  it.each(cases)('%s', (_what, source, cost) => {
    expect(costOf(source)).toBe(cost);
  });

  it('lets a document at the limit through and refuses one over it', () => {
    const source = '{ park { chains { id } } }';
    expect(validate(schema, parse(source), [costRule(12)])).toEqual([]);
    const [error] = validate(schema, parse(source), [costRule(11)]);
    expect(error?.message).toBe(
      'Query cost 12 exceeds the limit of 11; ask for fewer or smaller lists, or lower depths.',
    );
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', cost: 12, limit: 11 });
  });

  it('prices a chain of fragments that each spread the next twice once per fragment, capped', () => {
    // Expanded, 80 levels of two spreads each would be 2^80 fields: past any integer a double holds exactly.
    const fragments = Array.from({ length: 80 }, (_, i) =>
      i < 79
        ? `fragment F${i} on Park { zone { ...F${i + 1} } other: zone { ...F${i + 1} } }`
        : `fragment F${i} on Park { id }`,
    );
    const started = performance.now();
    expect(costOf(`{ park { ...F0 } } ${fragments.join(' ')}`)).toBe(Number.MAX_SAFE_INTEGER);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
