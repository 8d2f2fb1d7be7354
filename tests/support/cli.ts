import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fromRoot } from '../../src/paths';

export const CLI = fromRoot('dist', 'src', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function checkBuilt(): void {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: \`npm test\` builds it, or run \`npm run build\` first`);
}

/** Environment for a CLI run: the caller's PATH and nothing of the developer's Neo4j settings. */
export function cliEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ...vars };
}

/** Starts the built CLI as a real process. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  checkBuilt();
  return spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs the CLI to its exit, with a time limit so a hang fails the test instead of stalling it. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 45_000): Promise<CliResult> {
  const child = spawnCli(args, env);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not exit within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
