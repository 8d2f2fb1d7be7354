import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';

const SIZE = 100_000;

/** `unit(i)` repeated, joined by spaces, until the text is about SIZE characters long. */
function fill(unit: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0, length = 0; length < SIZE; i += 1) {
    const part = unit(i);
    parts.push(part);
    length += part.length + 1;
  }
  return parts.join(' ');
}

/** A document padded to SIZE characters with a trailing comment, which the lexer skips. */
function padded(query: string): string {
  return `${query}\n#${'x'.repeat(Math.max(0, SIZE - query.length))}`;
}

/** Fragments F0..Fn-1 on `type`, each selecting `body(i)`, where F(i) spreads F(i+1) as `spread(next)`. */
function fragmentChain(n: number, type: string, root: string, body: (next: string) => string): string {
  const definitions = Array.from(
    { length: n },
    (_, i) => `fragment F${i} on ${type} { __typename ${i < n - 1 ? body(`F${i + 1}`) : ''} }`,
  );
  return `${root} ${definitions.join(' ')}`;
}

/** Chains as long as fit in SIZE characters. */
function sizedChain(type: string, root: string, body: (next: string) => string): string {
  let n = 10;
  while (fragmentChain(n * 2, type, root, body).length < SIZE) n *= 2;
  while (fragmentChain(n + 1, type, root, body).length < SIZE) n += Math.max(1, Math.floor(n / 20));
  return fragmentChain(n, type, root, body);
}

/**
 * Each limit check is linear in the size of the document: with the length and token limits raised,
 * a 100 KB document of every nasty shape is judged (answered, or refused with a client error) in
 * milliseconds, not seconds. The bound asserted is generous for a shared machine; the figure measured
 * is printed.
 */
describe('attack: resource exhaustion, every limit check linear (real HTTP)', () => {
  let raised: TestServer;
  let normal: TestServer;
  const measured: Record<string, { ms: number; status: number; code: unknown; chars: number }> = {};
  const BOUND_MS = 5_000;

  beforeAll(async () => {
    await loadCuratedData();
    raised = await startTestServer(undefined, {
      MAX_QUERY_CHARS: '1000000',
      MAX_TOKENS: '100000',
      MAX_ALIASES: '1000',
      MAX_DIRECTIVES: '1000',
    });
    normal = await startTestServer();
  });
  afterAll(async () => {
    process.stdout.write(
      `attack limits: time to judge each shape (ms):\n${JSON.stringify(measured, null, 1)}\n`,
    );
    await raised.close();
    await normal.close();
  });

  const judge = async (server: TestServer, name: string, query: string): Promise<GraphQLBody> => {
    const started = performance.now();
    const { status, body } = await server.graphql(query);
    const ms = Math.round(performance.now() - started);
    const code = body.errors?.[0]?.extensions?.code;
    measured[name] = { ms, status, code, chars: query.length };
    expect({ name, status: status < 500, internal: code === 'INTERNAL_SERVER_ERROR' }).toEqual({
      name,
      status: true,
      internal: false,
    });
    expect({ name, withinBound: ms < BOUND_MS }).toEqual({ name, withinBound: true });
    return body;
  };

  const shapes: [string, () => string][] = [
    [
      'fragment chain, each spreading the next twice',
      () => sizedChain('Query', '{ ...F0 }', (f) => `...${f} ...${f}`),
    ],
    [
      'fragment chain under lists, spread twice at two depths',
      () => sizedChain('Park', '{ parks { nodes { ...F0 } } }', (f) => `...${f} zone { ...${f} }`),
    ],
    [
      'fragment chain with an alias and a directive at each step',
      () => sizedChain('Query', '{ ...F0 }', (f) => `a: __typename @include(if: true) ...${f} ...${f}`),
    ],
    ['wide aliases', () => `{ ${fill((i) => `a${i}: __typename`)} }`],
    [
      'wide aliases of a list with first: 100',
      () => `{ ${fill((i) => `a${i}: parks(first: 100) { nodes { id } }`)} }`,
    ],
    ['repeated identical fields', () => `{ ${fill(() => '__typename')} }`],
    ['repeated identical lists', () => `{ parks { nodes { ${fill(() => 'zone { id name }')} } } }`],
    [
      'repeated fields with conflicting arguments',
      () => `{ ${fill((i) => `parks(first: ${(i % 100) + 1}) { totalCount }`)} }`,
    ],
    ['many inline fragments', () => `{ ${fill(() => '... on Query { __typename }')} }`],
    ['many directives', () => `{ __typename ${fill(() => '@include(if: true)')} }`],
    ['many variables', () => `query (${fill((i) => `$v${i}: Int`)}) { __typename }`],
    ['many operations', () => fill((i) => `query Q${i} { __typename }`)],
    [
      'many fragments, all spread side by side',
      () => {
        const n = Math.floor(SIZE / 40);
        const spreads = Array.from({ length: n }, (_, i) => `...P${i}`).join(' ');
        const definitions = Array.from({ length: n }, (_, i) => `fragment P${i} on Park { id name }`).join(
          ' ',
        );
        return `{ parks { nodes { ${spreads} } } } ${definitions}`;
      },
    ],
    [
      'deep nesting (1,000 levels)',
      () => padded(`{ parks { nodes { ${'zone { parks { '.repeat(500)} id ${'} } '.repeat(500)} } } }`),
    ],
    [
      'deep nesting past the parser (6,000 levels)',
      () => padded(`{ ${'parks { '.repeat(6000)}id${' }'.repeat(6000)} }`),
    ],
    ['a long string argument', () => `{ search(text: "${'x'.repeat(SIZE)}") { score } }`],
  ];

  it.each(shapes)('judges a 100 KB document of %s in milliseconds', async (name, build) => {
    const query = build();
    expect(query.length).toBeGreaterThan(SIZE * 0.9);
    await judge(raised, name, query);
  });

  it('answers the issue-11 query (22 fragments, each spreading the next twice) in milliseconds under the default limits', async () => {
    const body = await judge(
      normal,
      'issue 11: 22 fragments at the default limits',
      fragmentChain(22, 'Query', '{ ...F0 }', (f) => `...${f} ...${f}`),
    );
    // 2^21 spreads of __typename: the price is far over the limit, and said so.
    expect(body.errors?.[0]?.message).toMatch(/Query cost|depth/);
  });

  it('prices a chain of fragments as if expanded, each fragment once', async () => {
    // 5 fragments (graphql-armor counts each spread as two levels), each spreading the next twice.
    const body = await judge(
      normal,
      'fragment chain of 5, spread twice, at the default limits',
      fragmentChain(5, 'Query', '{ ...F0 }', (f) => `...${f} ...${f}`),
    );
    expect(body.errors).toBeUndefined();
    // Spread twenty times: 20^4 spreads of the last fragment, over MAX_COST, and the price says how far.
    const over = await judge(
      normal,
      'fragment chain of 5, spread 20 times, at the default limits',
      fragmentChain(5, 'Query', '{ ...F0 }', (f) => Array.from({ length: 20 }, () => `...${f}`).join(' ')),
    );
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 50000 });
    expect(Number(over.errors?.[0]?.extensions?.cost)).toBeGreaterThan(20 ** 4);
  });

  it('bounds large `first` under nested lists, wide lists and deep traversals at the default limits', async () => {
    const heavy: [string, string][] = [
      [
        'nested lists with first: 100',
        '{ parks(first: 100) { nodes { enterprises { id parks { enterprises { id } } } } } }',
      ],
      [
        '20 aliases of a list of 100',
        `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: enterprises(first: 100) { nodes { id name parks { id } } }`).join(' ')} }`,
      ],
      [
        '20 deep traversals',
        `{ ${Array.from({ length: 20 }, (_, i) => `t${i}: supplyChain(id: "seg:nylon66.dyeing", depth: 6) { distance }`).join(' ')} }`,
      ],
      [
        '20 shortest paths',
        `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: shortestPath(from: "park:baiyin-htz", to: "park:kunming-htz", maxDepth: 6) { length }`).join(' ')} }`,
      ],
      [
        'search with first: 50 under 20 aliases',
        `{ ${Array.from({ length: 20 }, (_, i) => `s${i}: search(text: "产业", first: 50) { score node { id } }`).join(' ')} }`,
      ],
    ];
    for (const [name, query] of heavy) await judge(normal, name, query);
  });
});
