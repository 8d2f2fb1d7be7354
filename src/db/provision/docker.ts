import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ManagedNeo4jConfig, Neo4jConnection } from '../../config/config';
import { fromRoot } from '../../paths';
import { generatePassword, PathUnavailable, ProvisionError } from './errors';
import { runCommand, tail } from './process';

const COMPOSE_FILE = fromRoot('docker-compose.yml');

/** True when a Docker engine answers; the client alone (as on machines without an engine) is not enough. */
async function dockerEngineAnswers(env: NodeJS.ProcessEnv = process.env): Promise<string | true> {
  const result = await runCommand('docker', ['info', '--format', '{{.ServerVersion}}'], {
    timeoutMs: 10_000,
    env,
  });
  if (result.spawnError) return 'the docker command is not installed';
  if (result.timedOut) return '`docker info` did not answer within 10s';
  if (result.code !== 0) return `no Docker engine answers (${tail(result.output, 1).trim()})`;
  return true;
}

function composeArgs(config: ManagedNeo4jConfig, ...rest: string[]): string[] {
  return ['compose', '-f', COMPOSE_FILE, '-p', `chain-party-graph-${config.profile}`, ...rest];
}

function composeEnv(config: ManagedNeo4jConfig, password: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NEO4J_PASSWORD: password,
    NEO4J_BOLT_PORT: String(config.boltPort),
    NEO4J_HEAP: config.heap,
    NEO4J_PAGECACHE: config.pageCache,
    // The image copies bundled plugins named here from its labs folder; nothing is downloaded.
    NEO4J_PLUGINS_JSON: JSON.stringify(config.plugins),
    NEO4J_UNRESTRICTED: config.plugins.map((p) => `${p}.*`).join(','),
  };
}

/**
 * Starts (or reuses) the compose project's neo4j service and waits for its health check. The password is
 * generated once per profile and kept beside the local instances' files, never in the repository.
 */
export async function startDocker(config: ManagedNeo4jConfig, database: string): Promise<Neo4jConnection> {
  const engine = await dockerEngineAnswers();
  if (engine !== true) throw new PathUnavailable('docker', engine);
  const home = path.join(config.dir, `docker-${config.profile}`);
  mkdirSync(home, { recursive: true });
  const passwordFile = path.join(home, 'password');
  if (!existsSync(passwordFile)) {
    writeFileSync(passwordFile, `${generatePassword()}\n`, { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const result = await runCommand('docker', composeArgs(config, 'up', '-d', '--wait', 'neo4j'), {
    timeoutMs: 15 * 60_000,
    env: composeEnv(config, password),
  });
  if (result.code !== 0) {
    throw new ProvisionError(
      'docker',
      `docker compose could not start neo4j (${tail(result.output, 2).replace(/\s+/g, ' ')})`,
      'Check `docker compose logs neo4j`, or set NEO4J_PROVISION=local to use the Maven-fetched jars',
    );
  }
  return { uri: `bolt://127.0.0.1:${config.boltPort}`, user: 'neo4j', password, database };
}

/** Stops the compose project's neo4j service, keeping its volume. */
export async function stopDocker(config: ManagedNeo4jConfig): Promise<boolean> {
  if ((await dockerEngineAnswers()) !== true) return false;
  const result = await runCommand('docker', composeArgs(config, 'stop', 'neo4j'), {
    timeoutMs: 120_000,
    env: composeEnv(config, ''),
  });
  return result.code === 0;
}
