import net from 'node:net';
import { provision, stopManaged } from '../../src/db/provision';
import { testConnection } from '../support/db';
import { cliEnv, spawnCli } from '../support/cli';
import { testConfig } from '../support/test-config';

function waitForLine(
  stream: NodeJS.ReadableStream,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} in: ${seen}`)), timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `serve` as a real process over the test database, on a free port. */
function serveOnTestDatabase(extra: Record<string, string> = {}): ReturnType<typeof spawnCli> {
  const db = testConnection();
  return spawnCli(
    ['serve'],
    cliEnv({
      NEO4J_URI: db.uri,
      NEO4J_USER: db.user,
      NEO4J_PASSWORD: db.password,
      NEO4J_DATABASE: db.database,
      PORT: '0',
      SEED_ON_EMPTY: 'false',
      ...extra,
    }),
  );
}

describe('service lifecycle', () => {
  (process.env.TEST_NEO4J_URI ? it.skip : it)(
    'reuses the running local Neo4j instead of starting another',
    async () => {
      const again = await provision(testConfig());
      expect(again.path).toBe('local');
      expect(again.startedNow).toBe(false);
      expect(again.summary).toContain('reused');
      expect(again.connection.uri).toBe(testConnection().uri);
    },
  );

  it('has nothing to stop for a profile that never ran', async () => {
    await expect(
      stopManaged(testConfig({ NEO4J_PROFILE: 'never-started', NEO4J_PROVISION: 'local' })),
    ).resolves.toBe('no Neo4j of profile "never-started" was running');
  });

  it('on SIGTERM, finishes the request in flight, then closes the driver and exits 0', async () => {
    const child = serveOnTestDatabase();
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const [, port] = await waitForLine(child.stdout!, /http:\/\/127\.0\.0\.1:(\d+)\/graphql/);

    // Send the headers and half the body, so the request is in flight when the signal arrives.
    const body = JSON.stringify({ query: '{ serviceInfo { neo4jEdition } }' });
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (c: Buffer) => (response += c.toString()));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    );
    await sleep(200);
    child.kill('SIGTERM');
    await sleep(500);
    // A new connection is refused while the old request is still being served.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    // write, not end: a half-closed client socket makes Node abort the request, drain or not.
    socket.write(body.slice(10));
    await closed;

    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toContain('"neo4jEdition":"community"');
    expect(await exited).toBe(0);
    expect(stdout).toContain('stopped: requests finished, Neo4j driver closed');
  });

  it('on SIGTERM, cuts a request still running at SHUTDOWN_GRACE_MS, says so and exits 1', async () => {
    const child = serveOnTestDatabase({ SHUTDOWN_GRACE_MS: '300' });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const [, port] = await waitForLine(child.stdout!, /http:\/\/127\.0\.0\.1:(\d+)\/graphql/);
    // Half a body that never completes: the request is in flight until the grace limit cuts it.
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    socket.write(
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":',
    );
    await sleep(200);
    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(stderr).toMatch(/1 request\(s\) still running at the 300 ms grace limit were cut/);
    socket.destroy();
  });
});
