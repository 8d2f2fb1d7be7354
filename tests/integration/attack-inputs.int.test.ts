import fc from 'fast-check';
import type { GraphQLSchema } from 'graphql';
import { createSchema } from '../../src/server/schema';
import { INJECTIONS, attackOperations, textTargets, type Target } from '../support/attack';
import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';

// An admin key reaches every mutation, the editors' and the admin-only webhooks alike.
const ADMIN = 'admin-key-attack-0123456789';

/** The codes of a client's mistake: what an attack may get, besides an answer. */
const CLIENT_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']);

/** What went wrong in one answer that should not have: a 5xx, or an error that is not a client's. */
function problems(label: string, status: number, body: GraphQLBody): string[] {
  const found = status >= 500 ? [`${label}: HTTP ${status}`] : [];
  for (const error of body.errors ?? []) {
    const code = String(error.extensions?.code);
    if (!CLIENT_CODES.has(code)) found.push(`${label}: ${code} ${error.message.slice(0, 200)}`);
  }
  return found;
}

/**
 * Injection strings in every text and id argument of every root query field and in every text field
 * of its filters, all generated from the schema; every root field called with an id of every label;
 * and `search` fuzzed with fast-check. Each answer is data or a client's error, never a 5xx and never
 * INTERNAL_SERVER_ERROR. The slowest answer of each class is printed.
 */
describe('attack: injection and ids of every label (real HTTP, real database)', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  const slowest: Record<string, { ms: number; what: string }> = {};
  const timed = async (
    kind: string,
    what: string,
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: GraphQLBody }> => {
    const started = performance.now();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const answer = { status: response.status, body: (await response.json()) as GraphQLBody };
    const ms = Math.round(performance.now() - started);
    if (ms > (slowest[kind]?.ms ?? -1)) slowest[kind] = { ms, what };
    return answer;
  };

  /** Sends every value to every target, four requests at a time, and returns what went wrong. */
  const attack = async (
    kind: string,
    targets: Target[],
    values: readonly string[],
    root: 'query' | 'mutation' = 'query',
    headers: Record<string, string> = {},
  ): Promise<string[]> => {
    const work = targets.flatMap((target) =>
      attackOperations(schema, target, values, root).map((operation) => ({ target, operation })),
    );
    const found: string[] = [];
    const worker = async (): Promise<void> => {
      for (let next = work.shift(); next; next = work.shift()) {
        const { target, operation } = next;
        const { status, body } = await timed(
          kind,
          target.field,
          operation.query,
          operation.variables,
          headers,
        );
        const where = `${target.field}(${target.path.join('.')}: ${JSON.stringify(operation.variables).slice(0, 120)})`;
        found.push(...problems(where, status, body));
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return found;
  };

  beforeAll(async () => {
    await loadCuratedData();
    schema = await createSchema();
    // Room for one alias per value; the limits themselves are attacked in attack-limits.
    server = await startTestServer(undefined, {
      MAX_ALIASES: '100',
      MAX_COST: '1000000',
      API_KEYS: `admin:${ADMIN}`,
    });
  });
  afterAll(async () => {
    process.stdout.write(`attack slowest answer of each class (ms): ${JSON.stringify(slowest)}\n`);
    await server.close();
  });

  it('answers every injection string in every text argument and filter field with data or a client error', async () => {
    const targets = textTargets(schema);
    // The schema has dozens of text inputs; a generator that found none would test nothing.
    expect(targets.length).toBeGreaterThan(30);
    expect(targets.some((t) => t.path.length === 2)).toBe(true);
    expect(await attack('injection', targets, INJECTIONS)).toEqual([]);
  });

  it('answers every root field called with an id of every label', async () => {
    const rows = await server.gateway.read({
      name: 'test/one-id-per-label',
      cypher: 'MATCH (n) WHERE n.id IS NOT NULL WITH labels(n)[0] AS label, min(n.id) AS id RETURN label, id',
      params: {},
    });
    const ids = rows.map((row) => String(row.id));
    expect(ids.length).toBeGreaterThan(10);
    const targets = textTargets(schema).filter((t) => t.path.length === 1 && t.type.includes('ID'));
    expect(await attack('id of every label', targets, ids)).toEqual([]);
  });

  it('search answers or refuses with BAD_USER_INPUT for any text of 1 to 100 characters (fast-check, seed 11)', async () => {
    const words = fc.constantFrom(
      'AND',
      'OR',
      'NOT',
      'TO',
      '&&',
      '||',
      '*',
      '?',
      '"',
      '\\',
      '~',
      '^',
      ':',
      '/',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '钛业',
      'titanium',
      '\u0000',
      ' ',
    );
    const text = fc.oneof(
      fc.string({ minLength: 1, maxLength: 100, unit: 'binary' }),
      fc.array(words, { minLength: 1, maxLength: 20 }).map((parts) => parts.join(' ').slice(0, 100)),
    );
    const found: string[] = [];
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const { status, body } = await timed(
          'search fuzz',
          JSON.stringify(value),
          'query ($t: String!) { search(text: $t, first: 5) { score node { id } } }',
          { t: value },
        );
        const bad = problems(`search(${JSON.stringify(value)})`, status, body);
        found.push(...bad);
        return bad.length === 0 && (Array.isArray(body.data?.search) || (body.errors?.length ?? 0) > 0);
      }),
      { seed: 11, numRuns: 150 },
    );
    expect(found).toEqual([]);
  });

  it('search with the words AND, OR and NOT finds names instead of failing', async () => {
    for (const text of ['AND', 'OR', 'NOT', 'titanium AND', 'NOT 钛业', 'a OR b']) {
      const { status, body } = await server.graphql(
        'query ($t: String!) { search(text: $t) { node { id } } }',
        { t: text },
      );
      expect({ text, status, errors: body.errors }).toEqual({ text, status: 200, errors: undefined });
    }
    const { body } = await server.graphql('{ search(text: "NOT 钛业") { node { id } } }');
    expect((body.data?.search as unknown[]).length).toBeGreaterThan(0);
  });

  // Last: with a writing key these may change the curated data the tests above read.
  it('answers every injection string in every text and id argument of every mutation, with an admin key', async () => {
    const targets = textTargets(schema, 'mutation').filter((t) => t.path.length === 1);
    expect(targets.length).toBeGreaterThan(20);
    const found = await attack('mutation injection', targets, INJECTIONS, 'mutation', {
      authorization: `Bearer ${ADMIN}`,
    });
    expect(found).toEqual([]);
  });
});
