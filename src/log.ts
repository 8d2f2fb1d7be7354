import { inspect } from 'node:util';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/config';
import { currentRequestId } from './request-scope';

export interface LoggingOptions {
  level: LogLevel;
  /** `text`: one readable line each, as a terminal wants; `json`: one JSON object each (pino's format). */
  format: 'text' | 'json';
  /** Strings that must never be written (API keys, passwords), whatever field or message holds them. */
  secrets?: readonly string[];
  /** Where the JSON lines go instead of stdout and stderr (tests capture them here). */
  destination?: DestinationStream;
}

/** Field names whose values are never written, wherever a caller puts them (headers, settings). */
const REDACT = [
  'authorization',
  'password',
  'apiKey',
  'apiKeys',
  '["x-api-key"]',
  '*.authorization',
  '*.password',
  '*.apiKey',
  '*.apiKeys',
  '*["x-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
];

const WARN = 40;

/** Takes every secret out of a written line: a key can reach a message too, say in a driver's error. */
function scrub(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      out = out.split(form).join('[Redacted]');
    }
  }
  return out;
}

/** One line as the service always printed it: the time, the message, the error's stack, other fields. */
export function textLine(line: string): string {
  const { time, msg, err, level, pid, hostname, ...fields } = JSON.parse(line) as Record<string, unknown>;
  void level;
  void pid;
  void hostname;
  const stack = err && typeof err === 'object' ? (err as { stack?: unknown }).stack : undefined;
  const detail =
    typeof stack === 'string'
      ? `: ${stack}`
      : typeof err === 'string'
        ? `: ${err}`
        : err === undefined
          ? ''
          : `: ${inspect(err)}`;
  const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `${String(time)} ${typeof msg === 'string' ? msg : ''}${detail}${rest}\n`;
}

/** Problems (warn and above) to stderr, the rest to stdout, in the chosen format, secrets removed. */
function standardStreams(options: LoggingOptions): DestinationStream {
  const secrets = options.secrets ?? [];
  return {
    write(line: string) {
      const clean = scrub(line, secrets);
      const out = options.format === 'text' ? textLine(clean) : clean;
      const { level } = JSON.parse(clean) as { level: number };
      (level >= WARN ? process.stderr : process.stdout).write(out);
    },
  };
}

function capture(options: LoggingOptions, destination: DestinationStream): DestinationStream {
  const secrets = options.secrets ?? [];
  return { write: (line: string) => destination.write(scrub(line, secrets)) };
}

function build(options: LoggingOptions): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[Redacted]' },
      // A line written while a request runs (an unexpected error's, a write's) names that request.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
    },
    options.destination ? capture(options, options.destination) : standardStreams(options),
  );
}

let current = build({ level: 'info', format: 'text' });

/** Sets the level, format, secrets and destination of every line from now on; the CLI calls it once. */
export function configureLogging(options: LoggingOptions): void {
  current = build(options);
}

/** The service's logger, for lines with fields (request lines, metrics of a run). */
export function logger(): Logger {
  return current;
}

/**
 * Start-up and operational messages go to stdout, problems to stderr; one line each, so a supervisor's
 * log keeps them readable. Never pass secrets here.
 */
export function log(message: string): void {
  current.info(message);
}

export function logError(message: string, error?: unknown): void {
  // An object stays an object, so the redaction of its fields (an `authorization`, a `password`) applies.
  if (error === undefined) current.error(message);
  else current.error({ err: error }, message);
}
