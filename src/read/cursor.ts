import { AppError } from '../errors';

/**
 * Keyset cursors: the sort key and id of the last node of a page, with the order they belong to, as
 * base64url JSON. Opaque to clients; a cursor from another order or not made here is refused.
 */
export function encodeCursor(order: string, sortKey: unknown, id: string): string {
  return Buffer.from(JSON.stringify(['v1', order, sortKey, id])).toString('base64url');
}

export function decodeCursor(cursor: string, order: string, name = 'after'): [unknown, string] {
  const refuse = (): never => {
    throw new AppError(
      'BAD_USER_INPUT',
      `${name} must be a cursor of a previous page of the same list and order (endCursor, startCursor or an edge's cursor)`,
    );
  };
  if (cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || parsed[0] !== 'v1' || parsed[1] !== order)
    return refuse();
  const [, , sortKey, id] = parsed as [string, string, unknown, unknown];
  if (typeof id !== 'string' || (typeof sortKey !== 'string' && typeof sortKey !== 'number')) return refuse();
  return [sortKey, id];
}
