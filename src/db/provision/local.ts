import { spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { ManagedNeo4jConfig, Neo4jConnection } from '../../config/config';
import { generatePassword, ProvisionError } from './errors';
import { findJava, SUPPORTED_JAVA, type JavaRuntime } from './java';
import { ensureApoc, ensureJars, type Jars } from './jars';
import { commandLineOf, isAlive, isPortOpen, runCommand, sleep, tail } from './process';

const ENTRY_POINT = 'org.neo4j.server.CommunityEntryPoint';
export const ADMIN_TOOL = 'org.neo4j.cli.AdminTool';

/** The JVM flags Neo4j's own launcher passes; without the add-opens Netty and the page cache misbehave. */
export const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Djdk.tls.ephemeralDHKeySize=2048',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
];

/** Where one profile's instance keeps its files. */
interface LocalLayout {
  home: string;
  conf: string;
  pidFile: string;
  passwordFile: string;
  consoleLog: string;
}

export function layoutOf(config: ManagedNeo4jConfig): LocalLayout {
  const home = path.join(config.dir, config.profile);
  return {
    home,
    conf: path.join(home, 'conf'),
    pidFile: path.join(home, 'neo4j.pid'),
    passwordFile: path.join(home, 'password'),
    consoleLog: path.join(home, 'logs', 'console.log'),
  };
}

/** neo4j.conf for a loopback-only instance; rewritten at every start so a changed setting takes effect. */
export function neo4jConf(config: ManagedNeo4jConfig): string {
  return [
    '# Written by the service at every start (src/db/provision/local.ts); edits here are overwritten.',
    'server.default_listen_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${config.boltPort}`,
    `server.bolt.advertised_address=127.0.0.1:${config.boltPort}`,
    'server.http.enabled=false',
    'server.https.enabled=false',
    // Server-side routing would open a second port (7688 by default) that two instances would share.
    'dbms.routing.enabled=false',
    'dbms.security.auth_enabled=true',
    `server.memory.pagecache.size=${config.pageCache}`,
    'dbms.usage_report.enabled=false',
    // @neo4j/graphql calls APOC procedures that touch internals, which Neo4j refuses unless unrestricted.
    ...(config.plugins.includes('apoc')
      ? ['dbms.security.procedures.unrestricted=apoc.*', 'dbms.security.procedures.allowlist=apoc.*']
      : []),
    '',
  ].join('\n');
}

/**
 * Puts exactly the requested plugins' jars into the instance's plugins folder (Neo4j's default,
 * `<home>/plugins`), so a profile started without a plugin does not keep one from an earlier start.
 */
async function installPlugins(config: ManagedNeo4jConfig, layout: LocalLayout, env: NodeJS.ProcessEnv) {
  const target = path.join(layout.home, 'plugins');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  if (!config.plugins.includes('apoc')) return;
  const apoc = await ensureApoc(config.dir, env);
  for (const jar of readdirSync(apoc.dir).filter((f) => f.endsWith('.jar')))
    copyFileSync(path.join(apoc.dir, jar), path.join(target, jar));
}

export interface LocalInstance {
  connection: Neo4jConnection;
  pid: number;
  /** False when an instance of this profile was already running and is reused. */
  startedNow: boolean;
  java: JavaRuntime;
  jars: Jars;
  layout: LocalLayout;
  /** Tells whether the process is still there, so the readiness wait can stop early with a reason. */
  alive(): boolean;
  /** Why the process stopped, read from its log: the lines a user needs to see. */
  failureReason(): string;
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The pid of this profile's running Neo4j, if there is one; stale pid files are ignored. */
function runningPid(layout: LocalLayout): number | undefined {
  const pid = readPid(layout.pidFile);
  if (pid === undefined || !isAlive(pid)) return undefined;
  const cmdline = commandLineOf(pid);
  // A recycled pid that now belongs to another program must not be taken for our server.
  if (cmdline !== '' && !(cmdline.includes(ENTRY_POINT) && cmdline.includes(`--home-dir=${layout.home}`))) {
    return undefined;
  }
  return pid;
}

/** The lines of the console log that explain a failed start. */
function explainFailure(log: string): string {
  const errors = log
    .split('\n')
    .filter((line) => /ERROR|Exception|Address already in use|Could not|Error:/.test(line))
    .slice(-3)
    .map((line) => line.trim());
  return (errors.length > 0 ? errors.join(' | ') : tail(log, 3)).replace(/\s+/g, ' ').slice(0, 600);
}

async function setInitialPassword(java: JavaRuntime, jars: Jars, layout: LocalLayout): Promise<string> {
  const password = generatePassword();
  const result = await runCommand(
    java.executable,
    ['-cp', `${jars.dir}/*`, ADMIN_TOOL, 'dbms', 'set-initial-password', password],
    { timeoutMs: 120_000, env: { ...process.env, NEO4J_HOME: layout.home, NEO4J_CONF: layout.conf } },
  );
  if (result.code !== 0) {
    throw new ProvisionError(
      'local',
      `could not set the initial password (${tail(result.output, 2).replace(/\s+/g, ' ')})`,
      `Delete ${layout.home} and start again`,
    );
  }
  writeFileSync(layout.passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Starts this profile's Neo4j in the background, or finds it already running. It does not wait for
 * readiness: the caller does, with the instance's `alive()` to fail fast when the JVM exits.
 */
export async function startLocal(
  config: ManagedNeo4jConfig,
  database: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LocalInstance> {
  const layout = layoutOf(config);
  const java = await findJava(env);
  if (!('executable' in java)) {
    const seen = java.found.length > 0 ? `found only ${java.found.join(', ')}` : 'no java found';
    throw new ProvisionError(
      'local',
      `Neo4j 5.26 needs Java ${SUPPORTED_JAVA.join(' or ')}, ${seen} (JAVA_HOME, PATH, /usr/lib/jvm)`,
      'Install a JDK 17 or set JAVA_HOME to one, or start Docker, or set NEO4J_URI',
    );
  }
  const jars = await ensureJars(config.dir, env);
  mkdirSync(path.join(layout.home, 'logs'), { recursive: true });
  mkdirSync(layout.conf, { recursive: true });

  const existing = runningPid(layout);
  const hasAuth = existsSync(path.join(layout.home, 'data', 'dbms', 'auth.ini'));
  const hasData = existsSync(path.join(layout.home, 'data', 'databases'));
  let password = existsSync(layout.passwordFile) ? readFileSync(layout.passwordFile, 'utf8').trim() : '';
  if (password === '' && (hasAuth || hasData || existing !== undefined)) {
    throw new ProvisionError(
      'local',
      `the password file ${layout.passwordFile} is missing but the database already exists`,
      `Stop it with \`npm run db:stop\`, then delete ${layout.home} to start over`,
    );
  }

  const base = {
    connection: { uri: `bolt://127.0.0.1:${config.boltPort}`, user: 'neo4j', password, database },
    java,
    jars,
    layout,
    failureReason: () =>
      explainFailure(existsSync(layout.consoleLog) ? readFileSync(layout.consoleLog, 'utf8') : ''),
  };
  if (existing !== undefined) {
    // A running instance keeps the settings it started with; a missing plugin would fail much later.
    const running = existsSync(path.join(layout.conf, 'neo4j.conf'))
      ? readFileSync(path.join(layout.conf, 'neo4j.conf'), 'utf8')
      : '';
    const wanted = neo4jConf(config);
    if (config.plugins.length > 0 && !wanted.split('\n').every((line) => running.includes(line))) {
      throw new ProvisionError(
        'local',
        `the ${config.profile} Neo4j is running without ${config.plugins.join(', ')} or with other settings`,
        `Stop it with \`NEO4J_PROFILE=${config.profile} npm run db:stop\`, then start again`,
      );
    }
    return { ...base, pid: existing, startedNow: false, alive: () => isAlive(existing) };
  }
  if (await isPortOpen(config.boltPort)) {
    throw new ProvisionError(
      'local',
      `port ${config.boltPort} on 127.0.0.1 is taken by another process`,
      'Set NEO4J_LOCAL_PORT to a free port, or stop the program that holds it',
    );
  }

  await installPlugins(config, layout, env);
  writeFileSync(path.join(layout.conf, 'neo4j.conf'), neo4jConf(config));
  if (password === '') password = await setInitialPassword(java, jars, layout);
  // Truncate the log so a failure explains this start, not an earlier one.
  rmSync(layout.consoleLog, { force: true });
  const logFd = openSync(layout.consoleLog, 'a');
  const child = spawn(
    java.executable,
    [
      `-Xms${config.heap}`,
      `-Xmx${config.heap}`,
      ...JVM_FLAGS,
      // Plugins go on the class path as in Neo4j's own launcher: APOC registers its extension through
      // the service loader, which the procedure loader's separate class loader would not see.
      '-cp',
      `${jars.dir}/*${path.delimiter}${path.join(layout.home, 'plugins')}/*`,
      ENTRY_POINT,
      `--home-dir=${layout.home}`,
      `--config-dir=${layout.conf}`,
      '--console-mode',
    ],
    { cwd: layout.home, detached: true, stdio: ['ignore', logFd, logFd], env },
  );
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) {
    throw new ProvisionError('local', `could not start ${java.executable}`, 'Check the JDK installation');
  }
  child.unref();
  writeFileSync(layout.pidFile, `${pid}\n`);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  return {
    ...base,
    connection: { ...base.connection, password },
    pid,
    startedNow: true,
    alive: () => !exited && isAlive(pid),
  };
}

/**
 * Stops this profile's Neo4j: SIGTERM lets it checkpoint and close its stores; SIGKILL only after the
 * grace period. Returns false when nothing was running.
 */
export async function stopLocal(config: ManagedNeo4jConfig, graceMs = 60_000): Promise<boolean> {
  const layout = layoutOf(config);
  const pid = runningPid(layout);
  if (pid === undefined) {
    rmSync(layout.pidFile, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(layout.pidFile, { force: true });
  return true;
}
