import { configureLogging } from '../../src/log';

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
    restore: () => configureLogging({ level: 'info', format: 'text' }),
  };
}
