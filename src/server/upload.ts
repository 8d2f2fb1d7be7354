/**
 * A request body written to a file as it arrives, never held whole: counted as received and, once
 * decoded (gzip through node:zlib), counted again, so a small compressed body that would decode to
 * gigabytes (a gzip bomb) is stopped at the limit like a large plain one.
 */
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** Why a body could not be received, with the answer it gets (none when the client is gone). */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** The client closed the connection before its body was complete: there is no one to answer. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection before the body was complete');
    this.name = 'ClientGone';
  }
}

export interface Received {
  /** Bytes as they came over the wire (compressed, for gzip). */
  received: number;
  /** Bytes written to the file. */
  decoded: number;
  ms: number;
}

const tooLarge = (maxBytes: number, what: string): UploadError =>
  new UploadError(413, `The body is larger than ${maxBytes} bytes ${what}; split the import.`, {
    limit: maxBytes,
  });

/** Passes chunks on while their running total stays within the limit. */
function counter(maxBytes: number, what: string, count: (bytes: number) => number): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      if (count(chunk.length) > maxBytes) done(tooLarge(maxBytes, what));
      else done(null, chunk);
    },
  });
}

/** zlib's codes for a stream that is not gzip, is damaged, or ends early. */
const ZLIB_CODES = new Set(['Z_DATA_ERROR', 'Z_BUF_ERROR', 'Z_STREAM_ERROR', 'Z_NEED_DICT']);

/**
 * Writes the body of `req` to `file` (created, never overwritten), decoding gzip when asked. Rejects
 * with UploadError (413 over the limit, 400 for a gzip stream that is damaged or cut short) or
 * ClientGone; the caller removes the file in every case.
 */
export async function receiveBody(
  req: IncomingMessage,
  file: string,
  options: { gzip: boolean; maxBytes: number },
): Promise<Received> {
  const started = performance.now();
  let received = 0;
  let decoded = 0;
  const raw = counter(options.maxBytes, 'as sent', (n) => (received += n));
  const stages: NodeJS.ReadWriteStream[] = [raw];
  if (options.gzip) stages.push(createGunzip());
  stages.push(counter(options.maxBytes, 'once decoded', (n) => (decoded += n)));
  const gone = (): void => {
    if (!req.complete) raw.destroy(new ClientGone());
  };
  req.once('close', gone);
  req.once('error', gone);
  // Piped rather than put in the pipeline: on a refusal the pipeline would destroy the request, and with
  // it the socket the refusal has to be answered on.
  req.pipe(raw);
  try {
    await pipeline([...stages, createWriteStream(file, { flags: 'wx' })]);
  } catch (error) {
    req.unpipe(raw);
    // The rest of a refused body is read and dropped, so the answer reaches a client still sending.
    req.resume();
    if (error instanceof UploadError || error instanceof ClientGone) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && ZLIB_CODES.has(code))
      throw new UploadError(
        400,
        `The gzip body could not be decoded (${(error as Error).message}); send a complete gzip stream.`,
      );
    if (!req.complete) throw new ClientGone();
    throw error;
  } finally {
    req.off('close', gone);
    req.off('error', gone);
  }
  return { received, decoded, ms: Math.round(performance.now() - started) };
}
