import fc from 'fast-check';
import { graphql, parse, validate, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { listFieldName } from '../../src/read/resolvers';
import { createSchema } from '../../src/server/schema';
import { NODE_LABELS, type NodeLabel } from '../../src/model/registry';
import { testGateway } from '../support/db';
import { operations, type GeneratedOperation, type Pools } from '../support/oracle/generate';
import { buildReference, type Reference } from '../support/oracle/reference';
import { loadCuratedData, startTestServer, type TestServer } from '../support/server';

/**
 * The differential oracle of the read API: fast-check generates valid operations from the schema, each
 * runs through the real service over HTTP (the compiled one-statement path) and through the reference
 * executor (a naive resolver per field), and the answers must be equal: data, order included, and the
 * error codes with their paths. `npm run fuzz -- --seed S --runs N` runs it longer.
 */
const SEED = Number(process.env.ORACLE_SEED ?? 20261101);
const RUNS = Number(process.env.ORACLE_RUNS ?? 150);
/** Shrinking reruns both paths at every step; past this much time the smallest failure so far is shown. */
const SHRINK_MS = Number(process.env.ORACLE_SHRINK_MS ?? 120_000);

// The oracle compares answers, not limits: the attack suite tests those at their defaults.
const UNLIMITED = {
  MAX_DEPTH: '50',
  MAX_ALIASES: '1000',
  MAX_TOKENS: '100000',
  MAX_DIRECTIVES: '1000',
  MAX_COST: '10000000',
  MAX_QUERY_CHARS: '200000',
};

const ORDERS = ['NAME_ASC', 'NAME_DESC', 'ID_ASC', 'ID_DESC'];

/**
 * The cursors of real pages: the head and the tail of every root list in every order, as the service
 * gives them out, so generated `after` / `before` arguments are the ones clients send back.
 */
async function realCursors(server: TestServer): Promise<Pools['cursors']> {
  const cursors: Pools['cursors'] = {};
  for (const label of NODE_LABELS) {
    const field = listFieldName(label);
    const pages = ORDERS.flatMap((order, i) => [
      `h${i}: ${field}(orderBy: ${order}, first: 100) { edges { cursor } }`,
      `t${i}: ${field}(orderBy: ${order}, last: 100) { edges { cursor } }`,
    ]);
    const { body } = await server.graphql(`{ ${pages.join(' ')} }`);
    if (body.errors) throw new Error(`oracle: real pages of ${field}: ${JSON.stringify(body.errors)}`);
    const data = body.data as Record<string, { edges: { cursor: string }[] }>;
    cursors[field] = Object.fromEntries(
      ORDERS.map((order, i) => [
        order,
        [...new Set([...data[`h${i}`].edges, ...data[`t${i}`].edges].map((e) => e.cursor))],
      ]),
    );
  }
  return cursors;
}

interface Answer {
  status?: number;
  data: unknown;
  errors: string[];
}

const errorKeys = (
  errors: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] = [],
): string[] =>
  errors.map((e) => `${(e.path ?? []).join('.')} ${JSON.stringify(e.extensions?.code ?? 'NO_CODE')}`).sort();

describe('differential oracle: compiled read path against a naive reference', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  let reference: Reference;
  const referenceGateway = (): ReturnType<typeof testGateway> => gateway;
  let gateway: ReturnType<typeof testGateway>;
  let pools: Pools;
  let resets = 0;

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer(testGateway(), UNLIMITED);
    gateway = testGateway();
    schema = await createSchema();
    reference = buildReference(schema);
    const rows = await gateway.read({
      name: 'oracle/pools',
      cypher: 'MATCH (n) RETURN n.id AS id, labels(n) AS labels, coalesce(n.name, n.id) AS name ORDER BY id',
    });
    const metrics = await gateway.read({
      name: 'oracle/metrics',
      cypher: 'MATCH (i:Indicator) RETURN DISTINCT i.metric AS metric ORDER BY metric LIMIT 20',
    });
    pools = {
      nodes: rows.flatMap((r) => {
        const label = (r.labels as string[]).find((l) => (NODE_LABELS as readonly string[]).includes(l));
        return label ? [{ id: r.id as string, label: label as NodeLabel, name: r.name as string }] : [];
      }),
      metrics: metrics.map((m) => m.metric as string),
      cursors: await realCursors(server),
    };
  });
  afterAll(async () => {
    await server.close();
    await gateway.close();
  });

  const real = async (op: GeneratedOperation): Promise<Answer> => {
    const send = (): ReturnType<TestServer['graphql']> => server.graphql(op.query, op.variables);
    // A keep-alive socket the server closed as the client reused it: the request never reached the app.
    const { status, body } = await send().catch(async (error: Error) => {
      if ((error.cause as { code?: string } | undefined)?.code !== 'ECONNRESET') throw error;
      resets += 1;
      return send();
    });
    return { status, data: body.data ?? null, errors: errorKeys(body.errors) };
  };

  const expected = async (op: GeneratedOperation): Promise<Answer> => {
    const problems = validate(reference.schema, parse(op.query));
    if (problems.length > 0)
      throw new Error(
        `the generator made an invalid operation: ${problems.map((p) => p.message).join('; ')}`,
      );
    const result: ExecutionResult = await graphql({
      schema: reference.schema,
      source: op.query,
      variableValues: op.variables,
      contextValue: { gateway: referenceGateway() },
    });
    return {
      status: 200,
      data: JSON.parse(JSON.stringify(result.data ?? null)) as unknown,
      errors: errorKeys(result.errors?.map((e) => ({ ...e, extensions: e.extensions, path: e.path }))),
    };
  };

  it(`answers ${RUNS} generated operations as the reference does (seed ${SEED})`, async () => {
    const started = Date.now();
    let compared = 0;
    let failedAt = 0;
    let refusedByLimits = 0;
    let last: { op: GeneratedOperation; got: Answer; want: Answer } | undefined;
    const property = fc.asyncProperty(operations(schema, reference, pools), async (op) => {
      // Once shrinking has had its time, every smaller candidate counts as passing, so it stops there.
      if (failedAt > 0 && Date.now() - failedAt > SHRINK_MS) return;
      const [got, want] = [await real(op), await expected(op)];
      // The reference validated the operation against the same SDL, so a validation failure of the
      // service is one of its limits (cost, at most 10,000,000) refusing a huge generated operation.
      // Each error key is `path code`, and a validation error has no path: the key is ` "CODE"`.
      if (
        got.status === 400 &&
        got.errors.length > 0 &&
        got.errors.every((key) => key.trim() === '"GRAPHQL_VALIDATION_FAILED"')
      ) {
        refusedByLimits += 1;
        return;
      }
      compared += 1;
      // When a non-null root field fails, data is null and graphql-js reports the error of whichever
      // root field failed first (they run in parallel), so only the codes are compared then.
      if (got.data === null && want.data === null) {
        const codes = (a: Answer): string[] => [...new Set(a.errors.map((e) => e.split(' ')[1]))].sort();
        Object.assign(got, { errors: codes(got) });
        Object.assign(want, { errors: codes(want) });
      }
      try {
        expect(got).toEqual(want);
      } catch (mismatch) {
        failedAt ||= Date.now();
        last = { op, got, want };
        throw mismatch;
      }
    });
    const result = await fc.check(property, { seed: SEED, numRuns: RUNS, endOnFailure: SHRINK_MS === 0 });
    process.stdout.write(
      `\noracle: seed ${SEED}, ${RUNS} runs, ${compared} operations compared (shrinking included), ${refusedByLimits} refused by the service's limits, ${resets} connection resets retried, ${Date.now() - started} ms\n`,
    );
    if (result.failed) {
      // The last mismatch seen is the shrunk one: fast-check shrinks by trying smaller failing cases.
      const detail = last
        ? `operation:\n${last.op.query}\nvariables: ${JSON.stringify(last.op.variables)}\n` +
          `service:   ${JSON.stringify(last.got)}\nreference: ${JSON.stringify(last.want)}`
        : String(result.errorInstance);
      throw new Error(
        `oracle mismatch (seed ${SEED}, after ${result.numRuns} runs, ${result.numShrinks} shrinks)\n${detail}`,
      );
    }
  }, 3_600_000);
});
