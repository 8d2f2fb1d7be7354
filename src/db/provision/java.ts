import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './process';

/** Neo4j 5.26 runs on Java 17 or 21 and on nothing else. */
export const SUPPORTED_JAVA = [17, 21];

export interface JavaRuntime {
  executable: string;
  major: number;
}

/** Reads the major version from `java -version` output ("17.0.15", or "1.8.0_412" for Java 8). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

/** The places a JDK may be, in order of preference: JAVA_HOME, PATH, then the system JVM folder. */
function javaCandidates(env: NodeJS.ProcessEnv, jvmRoot = '/usr/lib/jvm'): string[] {
  const candidates: string[] = [];
  if (env.JAVA_HOME) candidates.push(path.join(env.JAVA_HOME, 'bin', 'java'));
  candidates.push('java');
  if (existsSync(jvmRoot)) {
    for (const entry of readdirSync(jvmRoot).sort()) {
      const executable = path.join(jvmRoot, entry, 'bin', 'java');
      if (existsSync(executable)) candidates.push(executable);
    }
  }
  return candidates;
}

/**
 * Finds a Java that Neo4j 5.26 supports. Returns the runtime, or a description of what was found,
 * so the error can say "found Java 25, need 17 or 21" instead of just "no Java".
 */
export async function findJava(
  env: NodeJS.ProcessEnv = process.env,
  jvmRoot?: string,
): Promise<JavaRuntime | { found: string[] }> {
  const found: string[] = [];
  for (const executable of javaCandidates(env, jvmRoot)) {
    const result = await runCommand(executable, ['-version'], { timeoutMs: 15_000, env });
    if (result.spawnError || result.code !== 0) continue;
    const major = parseJavaMajor(result.output);
    if (major !== undefined && SUPPORTED_JAVA.includes(major)) return { executable, major };
    found.push(`${executable} (Java ${major ?? '?'})`);
  }
  return { found };
}
