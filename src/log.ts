import { inspect } from 'node:util';

/**
 * Start-up and operational messages go to stdout, problems to stderr; one line each, so a supervisor's
 * log keeps them readable. Never pass secrets here.
 */
export function log(message: string): void {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

export function logError(message: string, error?: unknown): void {
  const detail =
    error instanceof Error ? (error.stack ?? error.message) : error === undefined ? '' : inspect(error);
  process.stderr.write(`${new Date().toISOString()} ${message}${detail ? `: ${detail}` : ''}\n`);
}
