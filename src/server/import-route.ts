/**
 * POST /import: an import of any size over HTTP, for integrators without a shell on the server. The
 * body (the seed format's JSON or its CSV form, gzip or not) is streamed to a temporary file within
 * IMPORT_MAX_BYTES, then imported by the bulk import, as `npm run import` does with a file: everything
 * validated first and nothing written if anything is wrong, then committed batches. The caller needs a
 * writer key, as the mutations do. One import runs at a time per process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type express from 'express';
import type { Config, WriteSettings } from '../config/config';
import type { Neo4jGateway } from '../db/neo4j';
import { AppError } from '../errors';
import type { Actor } from '../history/change';
import { bulkImport, type BulkReport } from '../import/bulk';
import { SeedValidationError } from '../import/format';
import { logger } from '../log';
import { WRITER_ROLES } from '../mutations/write.resolver';
import { actorOf } from '../mutations/writes';
import { requestScope } from '../request-scope';
import { identify, requireRole } from './auth';
import { sendError } from './http-errors';
import { ClientGone, receiveBody, UploadError } from './upload';

export const IMPORT_PATH = '/import';
export const IMPORT_METHODS = ['POST'];

/** The body's format by its media type; the temporary file's extension tells the import which it is. */
const FORMATS: Record<string, '.json' | '.csv'> = { 'application/json': '.json', 'text/csv': '.csv' };
const ENCODINGS: Record<string, boolean> = { '': false, identity: false, gzip: true, 'x-gzip': true };
/** Problems an answer lists; the bulk import itself lists at most 1000 and counts the rest. */
const MAX_LISTED_PROBLEMS = 1000;
/** Seconds a client is asked to wait when another import is running. */
const RETRY_AFTER_S = 30;

export interface ImportAnswer {
  dryRun: boolean;
  written: boolean;
  nodes: number;
  relationships: number;
  batches: number;
  bytes: { received: number; decoded: number };
  timings: { receiveMs: number; validateMs: number; writeMs: number; totalMs: number };
  /** Rows (nodes and relationships) written per second of the write pass; 0 for a dry run. */
  rowsPerSecond: number;
}

/** The one call of the import, through the write pipeline with the server's settings: every other line here is HTTP. */
function runImport(
  gateway: Neo4jGateway,
  file: string,
  options: { dryRun: boolean; actor: Actor; settings: WriteSettings },
): Promise<BulkReport> {
  return bulkImport(gateway, [file], options);
}

/** The media type without its parameters, and whether its charset (if any) is UTF-8. */
function mediaType(header: string | undefined): { type: string; utf8: boolean } {
  const [type = '', ...params] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length);
  return { type, utf8: charset === undefined || /^"?utf-?8"?$/.test(charset) };
}

/** The HTTP status of an error the service raised: its own, or the one its code stands for. */
function statusOf(error: AppError): number {
  const http = error.extensions.http as { status?: number } | undefined;
  if (typeof http?.status === 'number') return http.status;
  const byCode: Record<string, number> = {
    BAD_USER_INPUT: 400,
    NOT_FOUND: 404,
    CONFLICT: 409,
    TIMEOUT: 504,
    SERVICE_UNAVAILABLE: 503,
  };
  return byCode[error.code] ?? 500;
}

function sendAppError(res: express.Response, error: AppError): void {
  const extensions: Record<string, unknown> = { ...error.extensions };
  delete extensions.http;
  delete extensions.code;
  sendError(res, statusOf(error), error.code, error.message, extensions);
}

/** The import a request asks for, from its headers and query, or why it is refused before its body is read. */
function whatIsAsked(
  req: express.Request,
  maxBytes: number,
):
  | { extension: '.json' | '.csv'; gzip: boolean; dryRun: boolean }
  | { refusal: { status: number; message: string; extra?: Record<string, unknown> } } {
  const { type, utf8 } = mediaType(req.headers['content-type']);
  const extension = FORMATS[type];
  if (extension === undefined) {
    const shown = JSON.stringify((req.headers['content-type'] ?? '(none)').slice(0, 100));
    return {
      refusal: {
        status: 415,
        message: `Content type ${shown} is not an import format; send application/json (the seed format) or text/csv.`,
      },
    };
  }
  if (!utf8) return { refusal: { status: 415, message: 'The body has an unsupported charset; send UTF-8.' } };
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  const gzip = ENCODINGS[encoding];
  if (gzip === undefined) {
    const shown = JSON.stringify(encoding.slice(0, 100));
    return {
      refusal: {
        status: 415,
        message: `Content-Encoding ${shown} is not supported; send gzip or no encoding.`,
      },
    };
  }
  const dryRun = req.query.dryRun;
  if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false')
    return { refusal: { status: 400, message: 'dryRun must be true or false.' } };
  // A declared length over the limit is refused before a byte is read.
  const length = Number(req.headers['content-length']);
  if (Number.isFinite(length) && length > maxBytes)
    return {
      refusal: {
        status: 413,
        message: `The body is larger than ${maxBytes} bytes; split the import.`,
        extra: { limit: maxBytes },
      },
    };
  return { extension, gzip, dryRun: dryRun === 'true' };
}

/** The request handler of POST /import; `settings` are the server's. */
export function importHandler(
  gateway: Neo4jGateway,
  settings: Pick<Config, 'readAccess' | 'apiKeys' | 'httpImport' | 'changeLog' | 'aggregates'>,
  logError: (message: string, error: unknown) => void,
): express.RequestHandler {
  let running = false;
  return async (req, res) => {
    const started = performance.now();
    res.setHeader('Cache-Control', 'no-store');
    const record = requestScope.getStore();
    if (record) {
      // The request's log line and metrics name it as the operation, as they name a GraphQL one.
      record.operationName = 'import';
      record.operationType = 'http';
      record.resolved = true;
    }
    let actor: Actor;
    try {
      const who = identify(req, settings.readAccess, settings.apiKeys);
      requireRole(who.caller, WRITER_ROLES);
      actor = actorOf(who);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'UNAUTHENTICATED') res.setHeader('WWW-Authenticate', 'Bearer');
      sendAppError(res, error);
      return;
    }

    const asked = whatIsAsked(req, settings.httpImport.maxBytes);
    if ('refusal' in asked) {
      const { status, message, extra } = asked.refusal;
      sendError(res, status, status === 400 ? 'BAD_USER_INPUT' : 'BAD_REQUEST', message, extra);
      return;
    }
    const { extension, gzip, dryRun } = asked;
    const { maxBytes, tmpDir } = settings.httpImport;
    // Two imports at once would each validate against a graph the other is changing, and share the disk.
    if (running) {
      res.setHeader('Retry-After', String(RETRY_AFTER_S));
      sendError(res, 429, 'TOO_MANY_REQUESTS', 'Another import is running; send this one when it is done.');
      return;
    }

    running = true;
    let dir: string | undefined;
    let outcome: { answer: ImportAnswer } | { error: unknown };
    try {
      dir = await mkdtemp(path.join(tmpDir, 'import-'));
      const file = path.join(dir, `import${extension}`);
      const body = await receiveBody(req, file, { gzip, maxBytes });
      const writes = { changeLog: settings.changeLog, aggregates: settings.aggregates };
      const report = await runImport(gateway, file, { dryRun, actor, settings: writes });
      outcome = {
        answer: {
          dryRun,
          written: report.written,
          nodes: report.nodes,
          relationships: report.relationships,
          batches: report.batches,
          bytes: { received: body.received, decoded: body.decoded },
          timings: {
            receiveMs: body.ms,
            validateMs: report.validateMs,
            writeMs: report.writeMs,
            totalMs: 0,
          },
          rowsPerSecond: report.rowsPerSecond,
        },
      };
    } catch (error) {
      outcome = { error };
    } finally {
      // Before the answer, so a client that reads it finds the file gone and may send the next import.
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
      running = false;
    }
    if ('error' in outcome) {
      answerFailure(res, outcome.error, logError);
      return;
    }
    const { answer } = outcome;
    answer.timings.totalMs = Math.round(performance.now() - started);
    logger().info({ ...answer, actor: actor.name }, 'import over HTTP');
    res.status(200).json(answer);
  };
}

/** The answer to an import that did not complete: what was wrong, and whether anything was written. */
function answerFailure(
  res: express.Response,
  error: unknown,
  logError: (message: string, error: unknown) => void,
): void {
  if (error instanceof ClientGone) {
    logger().info('import over HTTP: the client left before its body was complete; nothing was imported');
    return;
  }
  if (res.headersSent || res.destroyed) {
    logError('import over HTTP failed after its client left', error);
    return;
  }
  if (error instanceof UploadError) {
    sendError(res, error.status, 'BAD_REQUEST', error.message, error.extra);
    return;
  }
  if (error instanceof SeedValidationError) {
    const problems = error.problems.slice(0, MAX_LISTED_PROBLEMS);
    sendError(
      res,
      400,
      'BAD_USER_INPUT',
      `The import is invalid; nothing was written. ${error.total} problem${error.total === 1 ? '' : 's'}` +
        (error.total > problems.length ? `, the first ${problems.length} listed.` : '.'),
      { problems, problemCount: error.total },
    );
    return;
  }
  if (error instanceof AppError) {
    // The database failed during pass 1 (nothing written), or while recording a stopped pass 2.
    sendAppError(res, error);
    return;
  }
  // Pass 2 stopped: its message says how many rows stay written, and that running it again completes it.
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof AppError && error instanceof Error) {
    sendError(res, statusOf(cause), cause.code, error.message);
    return;
  }
  logError('import over HTTP failed', error);
  sendError(
    res,
    500,
    'INTERNAL_SERVER_ERROR',
    'The import failed unexpectedly. Batches committed before the failure stay written; sending the same import again is safe (every write is a MERGE) and completes it.',
  );
}
