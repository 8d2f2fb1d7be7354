import type { LogLevel } from '../../src/config/config';
import { configureLogging } from '../../src/log';

/**
 * The logging of the code under test (the CLI's processes have their own): warnings and errors only, so
 * a run does not print a line per request; `TEST_LOG_LEVEL=info` shows them all.
 */
export function testLogging(): void {
  configureLogging({ level: (process.env.TEST_LOG_LEVEL ?? 'warn') as LogLevel, format: 'text' });
}

export type LogLine = Record<string, unknown> & { msg: string; level: number };

/**
 * Sends every log line to memory, as pino writes it (JSON), with the given secrets scrubbed; returns
 * the lines (raw and parsed) and a function that restores the default logger.
 */
export function captureLogs(secrets: string[] = []): {
  raw: string[];
  lines: () => LogLine[];
  restore: () => void;
} {
  const raw: string[] = [];
  configureLogging({
    level: 'info',
    format: 'json',
    secrets,
    destination: { write: (line: string) => raw.push(line) },
  });
  return {
    raw,
    lines: () => raw.map((line) => JSON.parse(line) as LogLine),
    restore: testLogging,
  };
}
