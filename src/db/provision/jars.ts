import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../../paths';
import { ProvisionError } from './errors';
import { runCommand, tail } from './process';

/** The Maven module whose only job is to fetch the Neo4j jars; its pom pins the version. */
const NEO4J_POM = fromRoot('neo4j', 'pom.xml');

/** The Maven module that fetches the APOC core plugin (NEO4J_PLUGINS=apoc). */
const APOC_POM = fromRoot('neo4j', 'apoc', 'pom.xml');

/** The version a pom pins in `<property>`. */
function pinnedVersion(pom: string, property: string): string {
  const match = new RegExp(`<${property.replace('.', '\\.')}>([^<]+)</`).exec(readFileSync(pom, 'utf8'));
  if (!match?.[1]) throw new Error(`${pom} has no <${property}>`);
  return match[1];
}

/** The Neo4j version the pom pins. */
function neo4jVersion(pom = NEO4J_POM): string {
  return pinnedVersion(pom, 'neo4j.version');
}

export interface Jars {
  version: string;
  dir: string;
  /** True when this call fetched them; false when a complete earlier fetch was reused. */
  fetched: boolean;
  files: number;
  bytes: number;
  /** How long the fetch took; 0 when the jars were already there. */
  fetchMs: number;
}

const MARKER = '.complete';

/** The first error Maven printed, without colour codes: the line that says what went wrong. */
function mavenError(output: string): string {
  const plain = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
  const line = plain.split('\n').find((l) => /^\[ERROR\]\s*\S/.test(l)) ?? tail(plain, 1);
  return line
    .replace(/^\[ERROR\]\s*/, '')
    .replace(/\s*->\s*\[Help 1\]$/, '')
    .trim()
    .slice(0, 300);
}

function measure(dir: string): { files: number; bytes: number } {
  const jars = readdirSync(dir).filter((f) => f.endsWith('.jar'));
  return { files: jars.length, bytes: jars.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0) };
}

/**
 * Makes sure the jars of the pinned Neo4j are in `<dir>/lib/<version>`. A folder is used only when its
 * marker says the copy finished, so an interrupted fetch is redone rather than half-used.
 */
export async function ensureJars(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 20 * 60_000,
): Promise<Jars> {
  const version = neo4jVersion();
  return fetchModule(NEO4J_POM, 'Neo4j', version, path.join(dir, 'lib', version), env, timeoutMs);
}

/** Makes sure the APOC core jars (the plugin and its libraries) are in `<dir>/plugins/apoc-<version>`. */
export async function ensureApoc(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 20 * 60_000,
): Promise<Jars> {
  const version = pinnedVersion(APOC_POM, 'apoc.version');
  return fetchModule(APOC_POM, 'APOC', version, path.join(dir, 'plugins', `apoc-${version}`), env, timeoutMs);
}

async function fetchModule(
  pom: string,
  what: string,
  version: string,
  target: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Jars> {
  if (existsSync(path.join(target, MARKER)))
    return { version, dir: target, fetched: false, fetchMs: 0, ...measure(target) };

  const started = Date.now();
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const result = await runCommand(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      pom,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${partial}`,
    ],
    { timeoutMs, env },
  );
  if (result.spawnError?.code === 'ENOENT') {
    throw new ProvisionError(
      'local',
      `Maven (mvn) is not installed, and the ${what} jars are not cached yet`,
      'Install Maven, or start Docker, or set NEO4J_URI to a Neo4j 5 of your own',
    );
  }
  if (result.timedOut || result.code !== 0) {
    const why = result.timedOut ? `Maven did not finish within ${timeoutMs / 1000}s` : 'Maven failed';
    const detail = mavenError(result.output);
    throw new ProvisionError(
      'local',
      `could not fetch the ${what} ${version} jars from Maven Central (${why}: ${detail || 'no output'})`,
      'Check that Maven Central is reachable (proxy settings in ~/.m2/settings.xml), or set NEO4J_URI',
    );
  }
  writeFileSync(path.join(partial, MARKER), `${new Date().toISOString()}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
  return { version, dir: target, fetched: true, fetchMs: Date.now() - started, ...measure(target) };
}
