import { readdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { readRecords } from '../../src/import/records';
import { SCALE_SOURCE, writeScaleSet, type ScaleReport } from '../../tools/synthetic/scale';
import { changeCount, graphCounts, testGateway } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

const EDITOR = 'editor-key-0123456789abcdef';
const READER = 'reader-key-0123456789abcdef';
const MiB = 1 << 20;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown> & {
    errors?: { message: string; extensions: Record<string, unknown> & { code: string } }[];
  };
}

/**
 * POSTs to /import over a real socket. A Readable body is streamed (chunked); the answer is taken even
 * when the server refuses before the client is done sending.
 */
function post(
  url: string,
  options: { headers?: Record<string, string>; body?: Readable | Buffer | string; query?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/import${options.query ?? ''}`, {
      method: 'POST',
      headers: options.headers ?? {},
    });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: text === '' ? {} : (JSON.parse(text) as Answer['body']),
        });
      });
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const body = options.body;
    if (body instanceof Readable) {
      body.on('error', (error) => request.destroy(error));
      body.pipe(request);
    } else request.end(body);
  });
}

const auth = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
const JSON_TYPE = { 'content-type': 'application/json' };
const CSV_TYPE = { 'content-type': 'text/csv' };
const GZIP = { 'content-encoding': 'gzip' };

/** The files of a scale set as one document of the seed format, in chunks of about 64 KB. */
async function* seedDocument(dir: string): AsyncGenerator<string> {
  const files = readdirSync(dir).sort();
  let out = '{"nodes":{';
  for (const kind of ['node', 'relationship'] as const) {
    if (kind === 'relationship') out += '},"relationships":{';
    let firstGroup = true;
    for (const file of files.filter((f) => f.startsWith(kind === 'node' ? 'n' : 'r'))) {
      let firstRow = true;
      for await (const { group, record } of readRecords(path.join(dir, file), kind)) {
        if (firstRow) out += `${firstGroup ? '' : ','}${JSON.stringify(group)}:[`;
        else out += ',';
        out += JSON.stringify(record);
        firstRow = false;
        firstGroup = false;
        if (out.length >= 65_536) {
          yield out;
          out = '';
        }
      }
      if (!firstRow) out += ']';
    }
  }
  yield `${out}}}`;
}

/** The nodes and relationships a scale set adds: every node but the Source also CITES it. */
function expectedCounts(set: ScaleReport): { nodes: number; relationships: number } {
  const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
  const nodes = sum(set.nodes);
  return { nodes, relationships: sum(set.relationships) + nodes - 1 };
}

/** Counts the bytes that pass, for the figures printed. */
function counted(stream: Readable, into: { bytes: number }): Readable {
  stream.on('data', (chunk: Buffer | string) => (into.bytes += Buffer.byteLength(chunk)));
  return stream;
}

/** Empties the database in small transactions: a large set is too much for one under the test heap. */
async function emptyDatabase(gateway: ReturnType<typeof testGateway>): Promise<void> {
  for (;;) {
    const [row] = await gateway.write({
      name: 'test/empty-in-batches',
      cypher: 'MATCH (n) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n',
    });
    if (Number(row?.n ?? 0) === 0) return;
  }
}

/** Waits until the condition holds, or fails after `ms`. */
async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('POST /import (real HTTP on loopback, real database)', () => {
  const gateway = testGateway(60_000);
  const root = mkdtempSync(path.join(tmpdir(), 'import-http-'));
  /** Where the servers put their temporary files: empty whenever no import runs. */
  const spool = mkdtempSync(path.join(tmpdir(), 'import-http-spool-'));
  const leftovers = (): string[] => readdirSync(spool);
  let server: TestServer;
  /** The same service with a 1 MiB limit and CORS on. */
  let small: TestServer;
  let smallSet: ScaleReport;

  beforeAll(async () => {
    await emptyDatabase(gateway);
    const env = {
      API_KEYS: `editor@integrator:${EDITOR},reader:${READER}`,
      IMPORT_TMP_DIR: spool,
    };
    server = await startTestServer(testGateway(60_000), { ...env, IMPORT_MAX_BYTES: String(64 * MiB) });
    small = await startTestServer(testGateway(), {
      ...env,
      IMPORT_MAX_BYTES: String(MiB),
      CORS_ORIGINS: 'https://app.example.org',
    });
    smallSet = await writeScaleSet({ enterprises: 1000, seed: 5, outDir: path.join(root, 'small') });
  });
  afterAll(async () => {
    await small.close();
    await server.close();
    await emptyDatabase(gateway);
    await gateway.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(spool, { recursive: true, force: true });
  });
  afterEach(() => {
    expect(leftovers()).toEqual([]);
  });

  const smallFile = (name: string): Buffer => readFileSync(path.join(smallSet.dir, name));

  it('takes only a writer key: 401 without one or with a wrong one, 403 for a reader key', async () => {
    const body = '{"nodes":{}}';
    const none = await post(server.url, { headers: JSON_TYPE, body });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const wrong = await post(server.url, { headers: { ...JSON_TYPE, ...auth('x'.repeat(20)) }, body });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const reader = await post(server.url, { headers: { ...JSON_TYPE, 'x-api-key': READER }, body });
    expect(reader.status).toBe(403);
    expect(reader.body.errors?.[0]).toEqual({
      message: 'A reader key cannot write; an editor or admin key can.',
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('refuses other content types and encodings with 415, a bad dryRun with 400, other methods with 405', async () => {
    const headers = auth(EDITOR);
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ]) {
      const answer = await post(server.url, { headers: { ...headers, 'content-type': type }, body: '{}' });
      expect({ type, status: answer.status, code: answer.body.errors?.[0]?.extensions.code }).toEqual({
        type,
        status: 415,
        code: 'BAD_REQUEST',
      });
    }
    const none = await post(server.url, { headers, body: '{}' });
    expect(none.status).toBe(415);
    expect(none.body.errors?.[0]?.message).toContain('application/json');
    const brotli = await post(server.url, {
      headers: { ...headers, ...JSON_TYPE, 'content-encoding': 'br' },
      body: '{}',
    });
    expect(brotli.status).toBe(415);
    expect(brotli.body.errors?.[0]?.message).toContain('gzip');
    const dry = await post(server.url, {
      headers: { ...headers, ...JSON_TYPE },
      body: '{}',
      query: '?dryRun=yes',
    });
    expect(dry.status).toBe(400);
    const get = await fetch(`${server.url}/import`, { headers });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('answers the CORS preflight with POST and Content-Encoding when CORS_ORIGINS is set', async () => {
    const preflight = await fetch(`${small.url}/import`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, content-encoding, authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-encoding');
    const off = await fetch(`${server.url}/import`, { method: 'OPTIONS' });
    expect(off.status).toBe(405);
  });

  it('imports CSV sent plain, file by file, and the graph holds what was sent', async () => {
    const before = await graphCounts(gateway);
    const files = ['n00-Source.csv', 'n05-Enterprise.csv', 'r12-SUPPLIES.csv'];
    const reports: Record<string, unknown>[] = [];
    for (const file of files) {
      const answer = await post(server.url, {
        headers: { ...CSV_TYPE, ...auth(EDITOR) },
        body: smallFile(file),
      });
      expect({ file, status: answer.status }).toEqual({ file, status: 200 });
      reports.push(answer.body);
    }
    expect(reports.map((r) => [r.nodes, r.relationships, r.written, r.dryRun])).toEqual([
      [1, 0, true, false],
      [smallSet.nodes.Enterprise, 0, true, false],
      [0, smallSet.relationships.SUPPLIES, true, false],
    ]);
    const enterprises = smallSet.nodes.Enterprise ?? 0;
    expect(await graphCounts(gateway)).toEqual({
      nodes: Number(before.nodes) + 1 + enterprises,
      relationships: Number(before.relationships) + enterprises + (smallSet.relationships.SUPPLIES ?? 0),
    });
    // The change log names the key's holder, as it does for the mutations.
    const [last] = await gateway.read({
      name: 'test/last-change',
      cypher:
        'MATCH (c:Change) RETURN c.op AS op, c.actorRole AS role, c.actorName AS name ORDER BY c.seq DESC LIMIT 1',
    });
    expect(last).toEqual({ op: 'IMPORT', role: 'editor', name: 'integrator' });
  });

  it('validates a dry run (gzip JSON) and writes nothing', async () => {
    const before = await graphCounts(gateway);
    const changes = await changeCount(gateway);
    const answer = await post(server.url, {
      headers: { ...JSON_TYPE, ...GZIP, ...auth(EDITOR) },
      body: Readable.from(seedDocument(smallSet.dir)).pipe(createGzip()),
      query: '?dryRun=true',
    });
    expect(answer.status).toBe(200);
    const expected = expectedCounts(smallSet);
    expect(answer.body).toMatchObject({
      dryRun: true,
      written: false,
      nodes: expected.nodes,
      batches: 0,
      rowsPerSecond: 0,
    });
    expect(await graphCounts(gateway)).toEqual(before);
    expect(await changeCount(gateway)).toBe(changes);
  });

  it('refuses an invalid row with 400 and every problem, and writes nothing', async () => {
    const before = await graphCounts(gateway);
    const good = `Enterprise,ent:http.good,好,${SCALE_SOURCE}\n`;
    const one = await post(server.url, {
      headers: { ...CSV_TYPE, ...auth(EDITOR) },
      body: `label,id,name,sources[]\n${good}Enterprise,ent:Bad Id,坏,${SCALE_SOURCE}\n`,
    });
    expect(one.status).toBe(400);
    expect(one.body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      problemCount: 1,
      problems: [expect.objectContaining({ file: 'import.csv', record: 'line 3 ent:Bad Id', field: 'id' })],
    });
    // 1,500 bad rows: the first 1,000 are listed, all are counted.
    const many = `label,id,name,sources[]\n${good}${Array.from({ length: 1500 }, (_, i) => `Enterprise,ent:BAD-${i},坏${i},${SCALE_SOURCE}\n`).join('')}`;
    const capped = await post(server.url, { headers: { ...CSV_TYPE, ...auth(EDITOR) }, body: many });
    expect(capped.status).toBe(400);
    const extensions = capped.body.errors?.[0]?.extensions as unknown as {
      problems: unknown[];
      problemCount: number;
    };
    expect(extensions.problemCount).toBe(1500);
    expect(extensions.problems.length).toBeLessThanOrEqual(1001);
    expect(capped.body.errors?.[0]?.message).toContain('1500 problems, the first');
    expect(await graphCounts(gateway)).toEqual(before);
  });

  it('refuses a body over IMPORT_MAX_BYTES with 413, declared or streamed, and removes its file', async () => {
    const body = Buffer.alloc(3 * MiB, 'a');
    const declared = await post(small.url, { headers: { ...JSON_TYPE, ...auth(EDITOR) }, body });
    expect(declared.status).toBe(413);
    expect(declared.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST', limit: MiB });
    const streamed = await post(small.url, {
      headers: { ...JSON_TYPE, ...auth(EDITOR) },
      body: Readable.from([body.subarray(0, MiB), body.subarray(MiB)]),
    });
    expect(streamed.status).toBe(413);
    expect(streamed.body.errors?.[0]?.message).toContain('as sent');
  });

  it('stops a gzip bomb at the limit of decoded bytes, quickly', async () => {
    // 1 GiB of zeros as 64 gzip members of 16 MiB each (a multi-member stream is one gzip body): about 1 MB.
    const member = gzipSync(Buffer.alloc(16 * MiB));
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    const started = performance.now();
    const answer = await post(server.url, {
      headers: { ...JSON_TYPE, ...GZIP, ...auth(EDITOR) },
      body: bomb,
    });
    const ms = Math.round(performance.now() - started);
    console.log(
      `gzip bomb: ${bomb.length} bytes sent (1 GiB decoded) refused with ${answer.status} in ${ms} ms`,
    );
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]?.message).toContain('once decoded');
  });

  it('refuses a truncated or corrupt gzip stream with 400 and a clear message', async () => {
    const whole = gzipSync(readFileSync(path.join(smallSet.dir, 'n05-Enterprise.csv')));
    const truncated = await post(server.url, {
      headers: { ...CSV_TYPE, ...GZIP, ...auth(EDITOR) },
      body: whole.subarray(0, Math.floor(whole.length / 2)),
    });
    expect(truncated.status).toBe(400);
    expect(truncated.body.errors?.[0]?.message).toMatch(
      /gzip body could not be decoded \(unexpected end of file\)/,
    );
    const corrupt = Buffer.from(whole);
    corrupt.fill(0x55, 100, 400);
    const damaged = await post(server.url, {
      headers: { ...CSV_TYPE, ...GZIP, ...auth(EDITOR) },
      body: corrupt,
    });
    expect(damaged.status).toBe(400);
    expect(damaged.body.errors?.[0]?.message).toContain('gzip body could not be decoded');
    const notGzip = await post(server.url, {
      headers: { ...CSV_TYPE, ...GZIP, ...auth(EDITOR) },
      body: 'label,id\n',
    });
    expect(notGzip.status).toBe(400);
  });

  it('keeps nothing when the client leaves mid-upload, and takes one import at a time', async () => {
    const before = await graphCounts(gateway);
    const changes = await changeCount(gateway);
    const body = new Readable({ read: () => undefined });
    const request = http.request(`${server.url}/import`, {
      method: 'POST',
      headers: { ...CSV_TYPE, ...auth(EDITOR) },
    });
    request.on('error', () => undefined);
    body.pipe(request);
    body.push(smallFile('n05-Enterprise.csv'));
    await until(() => leftovers().length === 1);
    // While this upload holds the slot, another import is asked to come back later.
    const second = await post(server.url, { headers: { ...CSV_TYPE, ...auth(EDITOR) }, body: 'label,id\n' });
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('30');
    request.destroy();
    await until(() => leftovers().length === 0);
    expect(await graphCounts(gateway)).toEqual(before);
    expect(await changeCount(gateway)).toBe(changes);
    // The slot is free again.
    const third = await post(server.url, {
      headers: { ...CSV_TYPE, ...auth(EDITOR) },
      body: smallFile('n00-Source.csv'),
      query: '?dryRun=true',
    });
    expect(third.status).toBe(200);
  });

  it('imports a generated set of tens of MB as gzip JSON streamed on the fly, and the graph holds it', async () => {
    await emptyDatabase(gateway);
    const big = await writeScaleSet({ enterprises: 20_000, seed: 7, outDir: path.join(root, 'big') });
    const decoded = { bytes: 0 };
    const sent = { bytes: 0 };
    const started = performance.now();
    const answer = await post(server.url, {
      headers: { ...JSON_TYPE, ...GZIP, ...auth(EDITOR) },
      body: counted(counted(Readable.from(seedDocument(big.dir)), decoded).pipe(createGzip()), sent),
    });
    const seconds = (performance.now() - started) / 1000;
    expect({ status: answer.status, errors: answer.body.errors }).toEqual({ status: 200, errors: undefined });
    const expected = expectedCounts(big);
    expect(answer.body).toMatchObject({
      dryRun: false,
      written: true,
      nodes: expected.nodes,
      relationships: expected.relationships - expected.nodes + 1,
      bytes: { received: sent.bytes, decoded: decoded.bytes },
    });
    expect(decoded.bytes).toBeGreaterThan(20 * 1_000_000);
    const timings = answer.body.timings as Record<string, number>;
    console.log(
      `HTTP import: ${(decoded.bytes / MiB).toFixed(1)} MiB of JSON sent as ${(sent.bytes / MiB).toFixed(1)} MiB of gzip; ` +
        `${expected.nodes} nodes and ${expected.relationships - expected.nodes + 1} relationships; ` +
        `receive ${timings.receiveMs} ms, validate ${timings.validateMs} ms, write ${timings.writeMs} ms ` +
        `(${String(answer.body.rowsPerSecond)} rows/s), ${seconds.toFixed(1)} s in all\n${JSON.stringify(answer.body)}`,
    );
    expect(await graphCounts(gateway)).toEqual(expected);
  }, 600_000);
});
