/**
 * (d) the HTTP floor: the least any HTTP API answering the bench's questions must pay. node:http, one
 * neo4j-driver pool, the shape's hand-written Cypher (the same statement (c) runs), JSON out; no
 * framework, no GraphQL, no validation beyond finding the shape. It speaks just enough of the bench's
 * GraphQL request shape to be loaded by the same client as (a) and (b): a POST to /graphql whose `query`
 * is a shape's name and whose `variables` are the request's parameters; `{ __typename }` answers the
 * readiness probe. Reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, HOST and PORT; stops on
 * SIGTERM or SIGINT.
 */
import http from 'node:http';
import neo4j, { type Driver } from 'neo4j-driver';
import { SHAPES } from '../shapes';
import { STATEMENT_TIMEOUT_MS, type Params, type Shape } from '../shape';

const byName = new Map<string, Shape>(SHAPES.map((s) => [s.name, s]));

/**
 * The driver as cheap as it gets: plain JS numbers instead of Integer objects, so JSON.stringify can
 * write the records as they come; the same pool size as (b)'s and the service's.
 */
function floorDriver(env: NodeJS.ProcessEnv): Driver {
  return neo4j.driver(
    env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
    neo4j.auth.basic(env.NEO4J_USER ?? 'neo4j', env.NEO4J_PASSWORD ?? ''),
    {
      maxConnectionPoolSize: 50,
      disableLosslessIntegers: true,
      logging: { level: 'error', logger: () => undefined },
    },
  );
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Runs one request: the shape's statement in one auto-commit transaction, RUN and PULL in one round trip. */
async function answer(driver: Driver, database: string, body: string): Promise<[number, unknown]> {
  const request = JSON.parse(body) as { query?: unknown; variables?: unknown };
  if (request.query === '{ __typename }') return [200, { data: { __typename: 'Query' } }];
  const shape = typeof request.query === 'string' ? byName.get(request.query) : undefined;
  if (!shape) return [400, { errors: [{ message: `unknown shape ${String(request.query)}` }] }];
  const session = driver.session({
    database,
    defaultAccessMode: shape.cypher.mode === 'WRITE' ? neo4j.session.WRITE : neo4j.session.READ,
  });
  try {
    const result = await session.run(shape.cypher.text, shape.cypher.params(request.variables as Params), {
      timeout: STATEMENT_TIMEOUT_MS,
    });
    return [200, { data: { rows: result.records.map((r) => r.toObject()) } }];
  } finally {
    await session.close();
  }
}

function main(): void {
  const driver = floorDriver(process.env);
  const database = process.env.NEO4J_DATABASE ?? 'neo4j';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/graphql') {
        reply(res, 404, { errors: [{ message: 'POST /graphql only' }] });
        return;
      }
      answer(driver, database, Buffer.concat(chunks).toString('utf8')).then(
        ([status, body]) => reply(res, status, body),
        (error: unknown) =>
          reply(res, 500, { errors: [{ message: error instanceof Error ? error.message : String(error) }] }),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 4002);
  server.listen(port, host, () => process.stdout.write(`HTTP floor ready: http://${host}:${port}/graphql\n`));
  const shutdown = (): void => {
    server.close();
    server.closeIdleConnections();
    driver
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) main();
