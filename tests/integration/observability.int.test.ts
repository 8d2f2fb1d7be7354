import { cliEnv, runCli } from '../support/cli';
import { testGateway } from '../support/db';
import { captureLogs, type LogLine } from '../support/logs';
import { parseExposition, valueOf, type Exposition } from '../support/prometheus';
import { startTestServer, type TestServer } from '../support/server';

const READER_KEY = 'reader-key-observability-0001';
const ADMIN_KEY = 'admin-key-observability-00002';
const WRONG_KEY = 'not-a-configured-key-0000003';
const SECRET_VALUE = 'VARIABLE-SECRET-never-logged-4';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const PARKS = 'query ParkList($first: Int) { parks(first: $first) { nodes { id } } }';

interface Answer {
  status: number;
  requestId: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(
  server: TestServer,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    // Whether every refusal is JSON is the HTTP layer's test; this one reads what it gets.
    body: text.startsWith('{') ? (JSON.parse(text) as Answer['body']) : {},
  };
}

/** The request line of one request id; it is written when the answer has gone, so wait for it. */
async function requestLine(lines: () => LogLine[], requestId: string | null): Promise<LogLine> {
  for (let i = 0; i < 50; i += 1) {
    const line = lines().find((l) => l.msg === 'request' && l.requestId === requestId);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no request line for ${String(requestId)}`);
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<Exposition> {
  const response = await fetch(`${server.url}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

describe('structured logs and metrics (real HTTP app, real database)', () => {
  let server: TestServer;
  let logs: ReturnType<typeof captureLogs>;
  const sent: string[] = [];

  beforeAll(async () => {
    logs = captureLogs([READER_KEY, ADMIN_KEY]);
    // No background jobs: their statements and sessions would be counted as the requests'.
    server = await startTestServer(
      testGateway(),
      { API_KEYS: `reader:${READER_KEY},admin:${ADMIN_KEY}`, SLOW_REQUEST_MS: '1' },
      { background: false },
    );
    server.gateway.onStatement((statement) => sent.push(statement.name));
  });
  afterAll(async () => {
    await server.close();
    logs.restore();
  });

  it('writes one JSON line per request with its id, operation, duration, statements, status and codes', async () => {
    sent.length = 0;
    const answer = await post(
      server,
      { query: PARKS, variables: { first: 2 } },
      { 'X-Request-Id': 'trace-42.a' },
    );
    expect(answer.status).toBe(200);
    expect(answer.requestId).toBe('trace-42.a');
    const line = await requestLine(logs.lines, 'trace-42.a');
    expect(line).toEqual(
      expect.objectContaining({
        level: 30,
        requestId: 'trace-42.a',
        operationName: 'ParkList',
        operationType: 'query',
        statements: 1,
        status: 200,
        errorCodes: [],
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      }),
    );
    expect(sent).toEqual(['read/Park/list']);
    expect(typeof line.durationMs).toBe('number');
    expect(line.durationMs).toBeGreaterThan(0);
  });

  it('replaces a request id that is not sane with a new one, and echoes that', async () => {
    for (const bad of ['x'.repeat(129), 'two words', '{"json":1}', 'a\u00e9b', '']) {
      const answer = await post(server, { query: '{ __typename }' }, { 'X-Request-Id': bad });
      expect({ bad, id: answer.requestId }).toEqual({ bad, id: expect.stringMatching(UUID) as unknown });
      const line = await requestLine(logs.lines, answer.requestId);
      expect(line.requestId).toBe(answer.requestId);
    }
    const none = await post(server, { query: '{ __typename }' });
    expect(none.requestId).toMatch(UUID);
  });

  it('gives several requests at once each its own id and statement count', async () => {
    const query =
      'query Two { a: parks(first: 1) { nodes { id } } b: enterprises(first: 1) { nodes { id } } }';
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post(server, i % 2 === 0 ? { query } : { query: PARKS }, { 'X-Request-Id': `together-${i}` }),
      ),
    );
    for (const [i, answer] of answers.entries()) {
      const line = await requestLine(logs.lines, answer.requestId);
      expect({ i, operationName: line.operationName, statements: line.statements }).toEqual({
        i,
        operationName: i % 2 === 0 ? 'Two' : 'ParkList',
        statements: i % 2 === 0 ? 2 : 1,
      });
    }
  });

  it("logs the client's error codes, and null for an operation that never parsed", async () => {
    const bad = await post(server, { query: PARKS, variables: { first: 100_000 } });
    expect(await requestLine(logs.lines, bad.requestId)).toEqual(
      expect.objectContaining({ operationName: 'ParkList', errorCodes: ['BAD_USER_INPUT'], statements: 0 }),
    );
    const unparsable = await post(server, { query: '{ parks(' });
    expect(await requestLine(logs.lines, unparsable.requestId)).toEqual(
      expect.objectContaining({ operationType: null, errorCodes: ['GRAPHQL_PARSE_FAILED'], status: 400 }),
    );
    const refused = await post(server, { query: '{ __typename }' }, { authorization: `Bearer ${WRONG_KEY}` });
    expect(refused.status).toBe(401);
    expect(await requestLine(logs.lines, refused.requestId)).toEqual(
      expect.objectContaining({ errorCodes: ['UNAUTHENTICATED'], status: 401 }),
    );
    const notJson = await post(server, '{"query": ', {});
    expect(await requestLine(logs.lines, notJson.requestId)).toEqual(
      expect.objectContaining({ status: 400 }),
    );
  });

  it('logs an INTERNAL_SERVER_ERROR with its cause and stack, server side only', async () => {
    // A statement Neo4j refuses: the driver's error is unexpected, so the client sees only the code.
    const read = server.gateway.read.bind(server.gateway);
    server.gateway.read = (statement) => read({ ...statement, cypher: `${statement.cypher} BROKEN(` });
    let answer: Answer;
    try {
      answer = await post(server, { query: PARKS }, { 'X-Request-Id': 'broken-1' });
    } finally {
      server.gateway.read = read;
    }
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(JSON.stringify(answer.body)).not.toMatch(/Neo4jError|SyntaxError|BROKEN|\n\s+at /);
    const line = await requestLine(logs.lines, 'broken-1');
    expect(line.errorCodes).toEqual(['INTERNAL_SERVER_ERROR']);
    const failure = logs.lines().find((l) => l.level === 50 && l.requestId === 'broken-1');
    const err = failure?.err as { type?: string; message?: string; stack?: string } | undefined;
    expect(err?.type).toBe('Neo4jError');
    expect(err?.message).toMatch(/BROKEN|Invalid input/);
    expect(err?.stack).toMatch(/\n\s+at /);
  });

  it('writes a slow-request line with the statement names, never the variables or the query', async () => {
    const query = 'query Slow($q: String) { parks(filter: { nameContains: $q }) { nodes { id } } }';
    const answer = await post(
      server,
      { query, variables: { q: SECRET_VALUE } },
      { 'X-Request-Id': 'slow-1' },
    );
    expect(answer.status).toBe(200);
    const line = await requestLine(logs.lines, 'slow-1');
    const slow = logs.lines().find((l) => l.requestId === 'slow-1' && l.level === 40);
    // SLOW_REQUEST_MS is 1 here, and a request with a round trip to Neo4j takes longer than that.
    expect(line.durationMs).toBeGreaterThanOrEqual(1);
    expect(slow).toEqual(
      expect.objectContaining({
        operationName: 'Slow',
        slowRequestMs: 1,
        statementNames: [{ name: 'read/Park/list', ms: expect.any(Number) as unknown }],
      }),
    );
  });

  it('never writes an API key, an Authorization header or a variable into a log', async () => {
    await post(server, { query: PARKS }, { authorization: `Bearer ${READER_KEY}` });
    await post(server, { query: PARKS }, { 'x-api-key': ADMIN_KEY });
    await post(server, { query: PARKS }, { authorization: `Bearer ${WRONG_KEY}` });
    await post(server, {
      query: 'query V($v: String) { parks(filter: { nameContains: $v }) { nodes { id } } }',
      variables: { v: SECRET_VALUE },
    });
    // A secret where a client's mistake is echoed in the answer: a wrong type, a literal, a parse error.
    await post(server, { query: PARKS, variables: { first: SECRET_VALUE } });
    await post(server, { query: `{ parks(filter: { nameContains: "${SECRET_VALUE}" }) { nodes { id } } }` });
    await post(server, { query: `{ parks(filter: "${SECRET_VALUE}"` });
    await post(server, { query: `{ park(id: "${SECRET_VALUE}") { id } }` });
    const { logError } = await import('../../src/log');
    // A careless caller passing a header object or a key in a message: redacted all the same.
    logError(`key ${ADMIN_KEY} in a message`, { authorization: `Bearer ${READER_KEY}` });
    const all = logs.raw.join('');
    for (const secret of [READER_KEY, ADMIN_KEY, WRONG_KEY, SECRET_VALUE]) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/Bearer/);
    expect(all).toContain('[Redacted]');
  });

  it('serves /metrics as Prometheus text, whose counters move by exactly the requests sent', async () => {
    const before = await scrape(server);
    const labels = { operation: 'ParkList', type: 'query', code: 'OK' };
    const bad = { operation: 'ParkList', type: 'query', code: 'BAD_USER_INPUT' };
    const statement = { statement: 'read/Park/list', mode: 'read', outcome: 'OK' };
    await Promise.all([
      post(server, { query: PARKS }),
      post(server, { query: PARKS }),
      post(server, { query: PARKS }),
      post(server, { query: PARKS, variables: { first: -1 } }),
      post(server, { query: '{ __typename }' }),
      post(server, { query: '{ nope' }),
    ]);
    // The request is counted when its socket closes, just after the client has its answer.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await scrape(server);
    const delta = (name: string, l: Record<string, string>): number =>
      valueOf(after, name, l) - valueOf(before, name, l);
    expect(delta('graphql_requests_total', labels)).toBe(3);
    expect(delta('graphql_requests_total', bad)).toBe(1);
    expect(delta('graphql_requests_total', { operation: '(anonymous)', type: 'query', code: 'OK' })).toBe(1);
    expect(
      delta('graphql_requests_total', {
        operation: '(unknown)',
        type: '(unknown)',
        code: 'GRAPHQL_PARSE_FAILED',
      }),
    ).toBe(1);
    expect(delta('graphql_request_duration_seconds_count', { operation: 'ParkList', type: 'query' })).toBe(4);
    expect(delta('neo4j_statement_duration_seconds_count', statement)).toBe(3);
    expect(valueOf(after, 'graphql_requests_in_flight')).toBe(0);
    expect(valueOf(after, 'neo4j_sessions_in_use')).toBe(0);
    expect(valueOf(after, 'neo4j_pool_max_size')).toBe(50);
    const names = [...after.types.keys()];
    expect(names).toEqual(
      expect.arrayContaining([
        'nodejs_eventloop_lag_seconds',
        'process_cpu_seconds_total',
        'graphql_request_statements',
      ]),
    );
  });

  it('counts a failed statement under its error outcome', async () => {
    const before = await scrape(server);
    const read = server.gateway.read.bind(server.gateway);
    server.gateway.read = (statement) => read({ ...statement, cypher: `${statement.cypher} BROKEN(` });
    try {
      await post(server, { query: PARKS });
    } finally {
      server.gateway.read = read;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await scrape(server);
    const failed = { statement: 'read/Park/list', mode: 'read', outcome: 'ERROR' };
    expect(
      valueOf(after, 'neo4j_statement_duration_seconds_count', failed) -
        valueOf(before, 'neo4j_statement_duration_seconds_count', failed),
    ).toBe(1);
    const internal = { operation: 'ParkList', type: 'query', code: 'INTERNAL_SERVER_ERROR' };
    expect(
      valueOf(after, 'graphql_requests_total', internal) -
        valueOf(before, 'graphql_requests_total', internal),
    ).toBe(1);
  });
});

describe('gauges of what is in use now', () => {
  it('counts a request in flight and a Neo4j session held open, and both return to 0', async () => {
    const server = await startTestServer(testGateway(), {}, { background: false });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    try {
      const read = server.gateway.read.bind(server.gateway);
      server.gateway.read = async (statement) => {
        await gate;
        return read(statement);
      };
      const pending = post(server, { query: PARKS });
      // A write transaction that stays open, its session holding a pooled connection, until released.
      const holding = server.gateway.writeAll('test/hold', async (tx) => {
        await tx.run({ name: 'test/hold', cypher: 'RETURN 1 AS one' });
        await gate;
      });
      let during = await scrape(server);
      // The request reaches the server a moment after fetch() is called: wait for it (bounded).
      const busy = (m: Exposition): boolean =>
        valueOf(m, 'neo4j_sessions_in_use') > 0 && valueOf(m, 'graphql_requests_in_flight') > 0;
      for (let i = 0; i < 100 && !busy(during); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        during = await scrape(server);
      }
      expect(valueOf(during, 'graphql_requests_in_flight')).toBe(1);
      expect(valueOf(during, 'neo4j_sessions_in_use')).toBe(1);
      release();
      await Promise.all([pending, holding]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = await scrape(server);
      expect(valueOf(after, 'graphql_requests_in_flight')).toBe(0);
      expect(valueOf(after, 'neo4j_sessions_in_use')).toBe(0);
      server.gateway.read = read;
    } finally {
      release();
      await server.close();
    }
  });
});

describe("the CLI's log format", () => {
  it('writes the readable line by default and a JSON line with LOG_FORMAT=json, on stderr', async () => {
    const text = await runCli(['frobnicate'], cliEnv({}));
    expect(text.stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z unknown command "frobnicate"; use serve,/);
    const json = await runCli(['frobnicate'], cliEnv({ LOG_FORMAT: 'json' }));
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr.trim())).toEqual({
      level: 50,
      time: expect.stringMatching(/^\d{4}-/) as unknown,
      msg: expect.stringContaining('unknown command "frobnicate"') as unknown,
    });
    expect(json.stdout).toBe('');
  });
});

describe('metric label cardinality', () => {
  it('keeps 100 operation names, then (other); names that never resolved are (unknown)', async () => {
    const logs = captureLogs();
    const server = await startTestServer(testGateway(), {}, { background: false });
    try {
      const names = Array.from({ length: 110 }, (_, i) => `Op${i}`);
      for (let i = 0; i < names.length; i += 10) {
        await Promise.all(
          names.slice(i, i + 10).map((n) => post(server, { query: `query ${n} { __typename }` })),
        );
      }
      // A name the document does not define, and a very long one: neither becomes a label.
      await post(server, { query: 'query A { __typename }', operationName: 'NotInTheDocument' });
      await post(server, { query: `query ${'L'.repeat(5000)} { __typename }` });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const metrics = await scrape(server);
      const operations = new Set(
        metrics.samples.filter((s) => s.name === 'graphql_requests_total').map((s) => s.labels.operation),
      );
      expect(operations.size).toBe(102);
      expect(operations.has('Op99')).toBe(true);
      expect(operations.has('Op100')).toBe(false);
      expect(operations.has('(unknown)')).toBe(true);
      expect(
        valueOf(metrics, 'graphql_requests_total', { operation: '(other)', type: 'query', code: 'OK' }),
      ).toBe(11);
      expect(
        valueOf(metrics, 'graphql_requests_total', {
          operation: '(unknown)',
          type: '(unknown)',
          code: 'OPERATION_RESOLUTION_FAILURE',
        }),
      ).toBe(1);
      const long = logs
        .lines()
        .find((l) => typeof l.operationName === 'string' && l.operationName.startsWith('LLL'));
      expect(long?.operationName).toBe('L'.repeat(100));
    } finally {
      await server.close();
      logs.restore();
    }
  });
});

describe('who may read /metrics', () => {
  const keys = `reader:${READER_KEY},admin:${ADMIN_KEY}`;

  it('with METRICS=admin, only an admin key', async () => {
    const server = await startTestServer(testGateway(), { API_KEYS: keys, METRICS: 'admin' });
    try {
      const status = async (headers: Record<string, string>): Promise<number> =>
        (await fetch(`${server.url}/metrics`, { headers })).status;
      expect(await status({})).toBe(401);
      expect(await status({ authorization: `Bearer ${WRONG_KEY}` })).toBe(401);
      expect(await status({ authorization: `Bearer ${READER_KEY}` })).toBe(403);
      expect(await status({ authorization: `Bearer ${ADMIN_KEY}` })).toBe(200);
      expect(await status({ 'x-api-key': ADMIN_KEY })).toBe(200);
      const refused = await fetch(`${server.url}/metrics`);
      expect(await refused.json()).toEqual({
        errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })],
      });
    } finally {
      await server.close();
    }
  });

  it('with METRICS=off, nobody', async () => {
    const server = await startTestServer(testGateway(), { METRICS: 'off' });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
