/**
 * Gets the service a Neo4j: the user's own (NEO4J_URI), else one from docker compose when an engine
 * answers, else a local Neo4j Community from Maven-fetched jars. Every failure names the path and why.
 */
import type { Config, Neo4jConnection } from '../../config/config';
import { Neo4jGateway } from '../neo4j';
import { ConnectError } from '../driver';
import { startDocker, stopDocker } from './docker';
import { PathUnavailable, ProvisionError, type ProvisionPath } from './errors';
import { startLocal, stopLocal, type LocalInstance } from './local';
import { sleep } from './process';

export { ProvisionError } from './errors';
export { importOffline, type OfflineSet } from './offline';

export interface Provisioned {
  path: ProvisionPath;
  connection: Neo4jConnection;
  /** True when this call started the database (so a test run knows to stop it again). */
  startedNow: boolean;
  /** One line for the start-up log. */
  summary: string;
  local?: LocalInstance;
}

async function provisionLocal(config: Config, env: NodeJS.ProcessEnv): Promise<Provisioned> {
  const local = await startLocal(config.managed, config.database, env);
  const { heap, pageCache, boltPort, plugins } = config.managed;
  const jars = local.jars.fetched
    ? `fetched ${local.jars.files} jars, ${(local.jars.bytes / 1e6).toFixed(0)} MB in ${(local.jars.fetchMs / 1000).toFixed(1)} s`
    : 'cached jars';
  return {
    path: 'local',
    connection: local.connection,
    startedNow: local.startedNow,
    local,
    summary:
      `local Neo4j ${local.jars.version} on 127.0.0.1:${boltPort} (${local.startedNow ? 'started' : 'reused'}, ` +
      `pid ${local.pid}, Java ${local.java.major}, heap ${heap}, page cache ${pageCache}, ` +
      `${plugins.length > 0 ? `plugins ${plugins.join(', ')}, ` : ''}${jars})`,
  };
}

/** Runs the configured path, or in `auto` mode the first that applies here. */
export async function provision(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Provisioned> {
  switch (config.provision) {
    case 'external': {
      const connection = config.external;
      if (!connection) throw new ProvisionError('external', 'NEO4J_URI is not set', 'Set NEO4J_URI');
      return { path: 'external', connection, startedNow: false, summary: `Neo4j at ${connection.uri}` };
    }
    case 'docker':
    case 'auto': {
      try {
        const connection = await startDocker(config.managed, config.database);
        return {
          path: 'docker',
          connection,
          startedNow: true,
          summary: `docker compose Neo4j at ${connection.uri}`,
        };
      } catch (error) {
        if (!(error instanceof PathUnavailable) || config.provision === 'docker')
          throw asProvisionError(error);
        try {
          return await provisionLocal(config, env);
        } catch (localError) {
          throw new ProvisionError(
            'local',
            `NEO4J_URI is not set; docker: ${error.reason}; local: ${asProvisionError(localError).reason}`,
            asProvisionError(localError).hint,
          );
        }
      }
    }
    case 'local':
      return provisionLocal(config, env);
    default: {
      const never: never = config.provision;
      throw new Error(`unknown provision mode ${String(never)}`);
    }
  }
}

function asProvisionError(error: unknown): ProvisionError {
  if (error instanceof ProvisionError) return error;
  if (error instanceof PathUnavailable) return new ProvisionError(error.path, error.reason, 'Set NEO4J_URI');
  throw error;
}

/**
 * Connects to the provisioned Neo4j and waits until it answers a query, up to the configured timeout.
 * Gives up early when the answer cannot change by waiting: wrong credentials, a missing database, or a
 * local JVM that has exited.
 */
export async function connectWhenReady(
  provisioned: Provisioned,
  config: Config,
  onWait: (message: string) => void = () => undefined,
): Promise<Neo4jGateway> {
  const { connection, path } = provisioned;
  const gateway = Neo4jGateway.connect(connection, {
    txTimeoutMs: config.txTimeoutMs,
    connectionTimeoutMs: 5000,
  });
  const deadline = Date.now() + config.readyTimeoutMs;
  let lastNotice = Date.now();
  let last = '';
  for (;;) {
    try {
      await gateway.verify();
      return gateway;
    } catch (error) {
      const failure = error instanceof ConnectError ? error : new ConnectError('other', String(error));
      last = failure.message;
      const fatal = failureIfFinal(provisioned, config, failure);
      if (fatal) {
        await gateway.close();
        throw fatal;
      }
    }
    if (Date.now() >= deadline) {
      await gateway.close();
      const where = provisioned.local ? ` See ${provisioned.local.layout.consoleLog}.` : '';
      throw new ProvisionError(
        path,
        `no answer from ${connection.uri} within ${config.readyTimeoutMs / 1000}s (last error: ${last})`,
        `${path === 'external' ? 'Check NEO4J_URI and that the server is up' : 'Raise NEO4J_READY_TIMEOUT_S'}.${where}`,
      );
    }
    if (Date.now() - lastNotice >= 10_000) {
      lastNotice = Date.now();
      onWait(`still waiting for Neo4j at ${connection.uri} (${last})`);
    }
    await sleep(250);
  }
}

function failureIfFinal(
  provisioned: Provisioned,
  config: Config,
  failure: ConnectError,
): ProvisionError | undefined {
  const { path, connection, local } = provisioned;
  if (local && !local.alive()) {
    return new ProvisionError(
      path,
      `Neo4j exited during start: ${local.failureReason() || 'no output'}`,
      `See ${local.layout.consoleLog}`,
    );
  }
  if (failure.kind === 'auth') {
    return new ProvisionError(
      path,
      `${connection.uri} refused the credentials of user "${connection.user}" (${failure.message})`,
      path === 'external'
        ? 'Check NEO4J_USER and NEO4J_PASSWORD'
        : `Delete ${config.managed.dir} to start over`,
    );
  }
  if (failure.kind === 'no-database') {
    return new ProvisionError(
      path,
      `database "${connection.database}" does not exist at ${connection.uri}`,
      'Check NEO4J_DATABASE (Neo4j Community has only "neo4j")',
    );
  }
  return undefined;
}

/** Stops the database this project manages for the configured profile (local or docker). */
export async function stopManaged(config: Config): Promise<string> {
  if (config.provision === 'external') return 'NEO4J_URI is set: the service does not manage that database';
  if (await stopLocal(config.managed)) return `stopped the local Neo4j (${config.managed.profile})`;
  if (config.provision !== 'local' && (await stopDocker(config.managed))) {
    return `stopped the docker compose Neo4j (${config.managed.profile})`;
  }
  return `no Neo4j of profile "${config.managed.profile}" was running`;
}
