import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fromRoot } from '../../src/paths';
import { testConnection } from '../support/db';
import { cliEnv, runCli, type CliResult } from '../support/cli';

/** The contract for bad input at start: a non-zero exit, one line on stderr, no stack trace. */
function expectOneLineFailure(result: CliResult, ...phrases: string[]): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  for (const phrase of phrases) expect(lines[0]).toContain(phrase);
}

function holdPort(): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

function testDbEnv(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  const db = testConnection();
  return cliEnv({
    NEO4J_URI: db.uri,
    NEO4J_USER: db.user,
    NEO4J_PASSWORD: db.password,
    NEO4J_DATABASE: db.database,
    SEED_ON_EMPTY: 'false',
    ...vars,
  });
}

describe('start-up failures say what to do, in one line', () => {
  it('a bad PORT', async () => {
    expectOneLineFailure(await runCli(['serve'], cliEnv({ PORT: 'abc' })), 'PORT="abc" must be an integer');
  });

  it('a NEO4J_URI where nothing listens', async () => {
    const result = await runCli(
      ['serve'],
      cliEnv({ NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_READY_TIMEOUT_S: '2' }),
    );
    expectOneLineFailure(
      result,
      'Neo4j (external): no answer from bolt://127.0.0.1:1 within 2s',
      'Check NEO4J_URI',
    );
  });

  it('wrong credentials', async () => {
    const result = await runCli(['serve'], testDbEnv({ NEO4J_PASSWORD: 'wrong-password' }));
    expectOneLineFailure(
      result,
      'refused the credentials of user "neo4j"',
      'Check NEO4J_USER and NEO4J_PASSWORD',
    );
  });

  it('a database that does not exist', async () => {
    const result = await runCli(['serve'], testDbEnv({ NEO4J_DATABASE: 'nosuchdb' }));
    expectOneLineFailure(result, 'database "nosuchdb" does not exist');
  });

  it('a busy HTTP port', async () => {
    const held = await holdPort();
    try {
      const result = await runCli(['serve'], testDbEnv({ PORT: String(held.port) }));
      expectOneLineFailure(result, `port ${held.port} on 127.0.0.1 is already in use`);
    } finally {
      await held.close();
    }
  });

  it('a busy Bolt port for the local Neo4j', async () => {
    const held = await holdPort();
    try {
      const result = await runCli(
        ['db:start'],
        cliEnv({
          NEO4J_PROVISION: 'local',
          NEO4J_PROFILE: 'port-clash',
          NEO4J_LOCAL_PORT: String(held.port),
        }),
      );
      expectOneLineFailure(
        result,
        `Neo4j (local): port ${held.port} on 127.0.0.1 is taken`,
        'NEO4J_LOCAL_PORT',
      );
    } finally {
      await held.close();
      rmSync(fromRoot('.neo4j', 'port-clash'), { recursive: true, force: true });
    }
  });

  it('no Maven when the jars are not cached yet', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'neo4j-nojars-'));
    // A PATH that holds node and nothing else: no mvn (Java is still found under /usr/lib/jvm).
    const bin = path.join(empty, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, 'node'));
    try {
      const result = await runCli(
        ['db:start'],
        cliEnv({ NEO4J_PROVISION: 'local', NEO4J_LOCAL_DIR: empty, PATH: bin }),
      );
      expectOneLineFailure(result, 'Maven (mvn) is not installed', 'set NEO4J_URI');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('jars that cannot be fetched (Maven Central unreachable)', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'neo4j-offline-'));
    try {
      // An empty Maven repository and a proxy on the discard port: Maven fails at once, on loopback only.
      const maven = `-Dmaven.repo.local=${path.join(empty, 'm2')} -Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=9`;
      const result = await runCli(
        ['db:start'],
        cliEnv({ NEO4J_PROVISION: 'local', NEO4J_LOCAL_DIR: empty, MAVEN_OPTS: maven }),
      );
      expectOneLineFailure(result, 'could not fetch the Neo4j 5.26', 'Check that Maven Central is reachable');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a local Neo4j that exits during start (a heap the machine cannot give)', async () => {
    const free = await holdPort();
    await free.close();
    try {
      const result = await runCli(
        ['db:start'],
        cliEnv({
          NEO4J_PROVISION: 'local',
          NEO4J_PROFILE: 'huge-heap',
          NEO4J_LOCAL_PORT: String(free.port),
          NEO4J_HEAP: '100000g',
        }),
      );
      expectOneLineFailure(result, 'Neo4j (local): Neo4j exited during start', 'console.log');
    } finally {
      rmSync(fromRoot('.neo4j', 'huge-heap'), { recursive: true, force: true });
    }
  });

  it('an unknown command', async () => {
    const result = await runCli(['frobnicate'], cliEnv({}));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });
});
