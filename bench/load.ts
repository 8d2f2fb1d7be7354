/**
 * The load side: a keep-alive HTTP client for GraphQL, and a closed-loop runner. C workers each send
 * the next request when the previous one has answered; requests that start during the warm-up are not
 * recorded; latencies go into an HDR histogram in microseconds. Every loop is bounded in time.
 */
import http from 'node:http';
import * as hdr from 'hdr-histogram-js';

interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface GraphQLClient {
  post(
    query: string,
    variables: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLAnswer>;
  close(): void;
}

/** A client for one GraphQL endpoint over a keep-alive agent with at most `sockets` connections. */
export function graphqlClient(url: string, sockets: number, timeoutMs = 30_000): GraphQLClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const target = new URL(url);
  return {
    post: (query, variables, headers = {}) =>
      new Promise<GraphQLAnswer>((resolve, reject) => {
        const body = Buffer.from(JSON.stringify({ query, variables }));
        const req = http.request(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/graphql-response+json, application/json',
              'content-length': body.length,
              ...headers,
            },
            timeout: timeoutMs,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              try {
                const parsed = JSON.parse(text) as GraphQLAnswer;
                if (!parsed.errors && (res.statusCode ?? 0) >= 400)
                  parsed.errors = [{ message: `HTTP ${res.statusCode}` }];
                resolve(parsed);
              } catch {
                resolve({ errors: [{ message: `HTTP ${res.statusCode}: ${text.slice(0, 200)}` }] });
              }
            });
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

/** One request: resolves to undefined when it succeeded, else to an error message. */
export type Send = (index: number) => Promise<string | undefined>;

export interface LoadResult {
  requests: number;
  errors: number;
  firstError: string | undefined;
  /** Requests started during the warm-up (not recorded), and how many of them failed. */
  warmupRequests: number;
  warmupErrors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Runs `send` in a closed loop with `concurrency` workers for warm-up + duration. Requests started
 * during the warm-up are discarded; requests started in the measured window are all recorded and the
 * window ends when the last of them has answered (bounded by `graceMs`).
 */
export async function closedLoop(options: {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  send: Send;
  graceMs?: number;
}): Promise<LoadResult> {
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const stopAt = measureFrom + options.durationMs;
  let next = 0;
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  let warmupRequests = 0;
  let warmupErrors = 0;
  let lastEnd = measureFrom;

  const worker = async (): Promise<void> => {
    while (performance.now() < stopAt) {
      const index = next;
      next += 1;
      const t0 = performance.now();
      let error: string | undefined;
      try {
        error = await options.send(index);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const t1 = performance.now();
      if (t0 < measureFrom) {
        warmupRequests += 1;
        if (error !== undefined) {
          warmupErrors += 1;
          firstError ??= `(warm-up) ${error}`;
        }
        continue;
      }
      requests += 1;
      lastEnd = Math.max(lastEnd, t1);
      histogram.recordValue(Math.max(1, Math.round((t1 - t0) * 1000)));
      if (error !== undefined) {
        errors += 1;
        firstError ??= error;
      }
    }
  };
  const grace = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.warmupMs + options.durationMs + (options.graceMs ?? 60_000));
    timer.unref();
  });
  await Promise.race([Promise.all(Array.from({ length: options.concurrency }, worker)), grace]);
  const seconds = Math.max(1e-3, (lastEnd - measureFrom) / 1000);
  const ms = (p: number): number => histogram.getValueAtPercentile(p) / 1000;
  const result: LoadResult = {
    requests,
    errors,
    firstError,
    warmupRequests,
    warmupErrors,
    seconds,
    rps: requests / seconds,
    p50Ms: ms(50),
    p95Ms: ms(95),
    p99Ms: ms(99),
    maxMs: histogram.maxValue / 1000,
  };
  histogram.destroy();
  return result;
}

/** A sender for a GraphQL endpoint: any `errors` in the answer counts as an error. */
export function graphqlSender(
  client: GraphQLClient,
  query: string,
  variables: (index: number) => Record<string, unknown>,
  headers?: Record<string, string>,
): Send {
  return async (index) => {
    const answer = await client.post(query, variables(index), headers);
    if (answer.errors && answer.errors.length > 0) {
      const e = answer.errors[0];
      const code = e?.extensions?.code;
      return `${e?.message ?? 'error'}${typeof code === 'string' ? ` (${code})` : ''}`;
    }
    return answer.data ? undefined : 'no data';
  };
}
