import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { IDEMPOTENCY_HEADER } from '../mutations/idempotency';
import type { Context } from '../read/context';
import { presentedKey } from './auth';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What the request context carries for idempotency: the raw header and who is calling. */
export function idempotencyOf(
  req: Pick<Request, 'headers'>,
): Pick<Context, 'idempotencyKey' | 'callerScope'> {
  const header = req.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return {};
  const key = presentedKey(req);
  return {
    idempotencyKey: Array.isArray(header) ? header.join(',') : header,
    callerScope: key ? sha256(key) : 'anonymous',
  };
}
