/**
 * `neo4j-admin database import full` on a local profile's database, run from the same fetched jars and
 * Java as the server (the import tool's jars are among them). The importer writes store files directly,
 * so the database must be stopped: this stops the profile's Neo4j, replaces the database with the CSV
 * set, and leaves the restart to the caller (provision again), which also restarts it after a failure.
 */
import path from 'node:path';
import type { ManagedNeo4jConfig } from '../../config/config';
import { ProvisionError } from './errors';
import { findJava } from './java';
import { ensureJars } from './jars';
import { ADMIN_TOOL, JVM_FLAGS, layoutOf, stopLocal } from './local';
import { runCommand, tail } from './process';

export interface OfflineFile {
  group: string;
  file: string;
  multiline: boolean;
}

export interface OfflineSet {
  dir: string;
  nodes: OfflineFile[];
  relationships: OfflineFile[];
  /** Between the items of a list cell. */
  arrayDelimiter: string;
}

/** The importer's command line: strict, so one bad row stops it instead of being skipped and logged. */
export function adminImportArgs(config: ManagedNeo4jConfig, database: string, set: OfflineSet): string[] {
  const unicode = (c: string): string => `U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
  const multiline = [...set.nodes, ...set.relationships].filter((f) => f.multiline).map((f) => f.file);
  return [
    'database',
    'import',
    'full',
    // Before the file lists: --nodes and --relationships take several files, so a name after them is read as one.
    database,
    // The caller has made sure the database is empty or that the user asked to replace it.
    '--overwrite-destination=true',
    '--bad-tolerance=0',
    '--skip-bad-relationships=false',
    '--skip-duplicate-nodes=false',
    `--array-delimiter=${unicode(set.arrayDelimiter)}`,
    // Its default is 90% of the machine's memory; the profile's page cache is what it was given to use.
    `--max-off-heap-memory=${config.pageCache}`,
    `--report-file=${path.join(set.dir, 'import.report')}`,
    ...(multiline.length > 0
      ? ['--multiline-fields-format=v2', `--multiline-fields=${multiline.join(',')}`]
      : []),
    ...set.nodes.map((f) => `--nodes=${f.group}=${f.file}`),
    ...set.relationships.map((f) => `--relationships=${f.group}=${f.file}`),
  ];
}

/** Stops the profile's Neo4j and imports the set into `database`; returns the importer's last lines. */
export async function importOffline(
  config: ManagedNeo4jConfig,
  database: string,
  set: OfflineSet,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const java = await findJava(env);
  if (!('executable' in java))
    throw new ProvisionError(
      'local',
      'no supported Java for neo4j-admin',
      'Install a JDK 17 or set JAVA_HOME',
    );
  const jars = await ensureJars(config.dir, env);
  const layout = layoutOf(config);
  await stopLocal(config);
  const result = await runCommand(
    java.executable,
    [
      `-Xmx${config.heap}`,
      ...JVM_FLAGS,
      '-cp',
      `${jars.dir}/*`,
      ADMIN_TOOL,
      ...adminImportArgs(config, database, set),
    ],
    {
      timeoutMs: 60 * 60_000,
      env: { ...env, NEO4J_HOME: layout.home, NEO4J_CONF: layout.conf },
      cwd: layout.home,
    },
  );
  if (result.code !== 0)
    throw new ProvisionError(
      'local',
      `neo4j-admin database import failed (${result.timedOut ? 'timed out' : `exit ${result.code}`}): ${tail(result.output, 6).replace(/\s+/g, ' ').slice(0, 800)}`,
      `See ${path.join(set.dir, 'import.report')}; the database is empty now, start it with \`npm run db:start\``,
    );
  return tail(result.output, 12);
}
