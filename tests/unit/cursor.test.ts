import fc from 'fast-check';
import { AppError } from '../../src/errors';
import { decodeCursor, encodeCursor } from '../../src/read/cursor';

/** The error a refused cursor raises: a client's error that names the argument it came in. */
function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('the cursor was accepted');
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursors', () => {
  const params = { seed: 12, numRuns: 300 };
  const sortKey = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );

  it('decode what encode made, for any order, sort key and id', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        sortKey,
        fc.string({ maxLength: 60 }),
        (order, key, id) => {
          const cursor = encodeCursor(order, key, id);
          expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
          // -0 travels as 0 in JSON; every other key comes back as it went.
          expect(decodeCursor(cursor, order)).toEqual([Object.is(key, -0) ? 0 : key, id]);
        },
      ),
      params,
    );
  });

  it('refuse a cursor of another order, naming the argument it came in', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), sortKey, (order, other, key) => {
        fc.pre(order !== other);
        const error = refusal(() => decodeCursor(encodeCursor(order, key, 'park:a'), other, 'before'));
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.message).toMatch(
          /^before must be a cursor of a previous page of the same list and order/,
        );
      }),
      params,
    );
  });

  it('refuse a cursor whose header was changed', () => {
    const cursor = encodeCursor('NAME_ASC', '苏州工业园区', 'park:suzhou-sip');
    // The first four characters carry `["v`: the array and the version.
    fc.assert(
      fc.property(fc.nat(3), fc.constantFrom(...'ABCWXYZabcxyz0129-_'.split('')), (at, char) => {
        fc.pre(cursor[at] !== char);
        const tampered = cursor.slice(0, at) + char + cursor.slice(at + 1);
        expect(refusal(() => decodeCursor(tampered, 'NAME_ASC')).code).toBe('BAD_USER_INPUT');
      }),
      params,
    );
  });

  it('answer a cursor changed anywhere with a refusal or a well-formed position, nothing else', () => {
    // Cursors are not signed: a position in a list is no secret, so a change that still decodes to an
    // order, a key and an id is a position like any other. Anything else is the client's error.
    const cursor = encodeCursor('NAME_ASC', '苏州工业园区', 'park:suzhou-sip');
    fc.assert(
      fc.property(fc.nat(cursor.length - 1), fc.constantFrom(...'ABCxyz019-_=+/.'.split('')), (at, char) => {
        const tampered = cursor.slice(0, at) + char + cursor.slice(at + 1);
        try {
          const [key, id] = decodeCursor(tampered, 'NAME_ASC');
          expect(['string', 'number']).toContain(typeof key);
          expect(typeof id).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('BAD_USER_INPUT');
        }
      }),
      params,
    );
  });

  // [what, cursor]
  const foreign: [string, string][] = [
    ['empty', ''],
    ['not base64url', 'eyJ2MSJ9+/=='],
    ['base64url of no JSON', Buffer.from('not json').toString('base64url')],
    ['JSON that is no array', b64({ order: 'NAME_ASC', id: 'park:a' })],
    ['an array one short', b64(['v1', 'NAME_ASC', 'x'])],
    ['an array one long', b64(['v1', 'NAME_ASC', 'x', 'park:a', 1])],
    ['another version', b64(['v2', 'NAME_ASC', 'x', 'park:a'])],
    ['the id not a string', b64(['v1', 'NAME_ASC', 'x', 7])],
    ['the sort key null', b64(['v1', 'NAME_ASC', null, 'park:a'])],
    ['the sort key an object', b64(['v1', 'NAME_ASC', { $gt: '' }, 'park:a'])],
    ['the sort key a boolean', b64(['v1', 'NAME_ASC', true, 'park:a'])],
    ['longer than 1000 characters', b64(['v1', 'NAME_ASC', 'x'.repeat(800), 'park:a'])],
    ['fields in the wrong order', b64(['NAME_ASC', 'v1', 'x', 'park:a'])],
  ];
  it.each(foreign)('refuse a cursor not made here: %s', (_what, cursor) => {
    const error = refusal(() => decodeCursor(cursor, 'NAME_ASC'));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/^after must be a cursor/);
  });

  it('accept a cursor of 1000 characters and refuse the next longer one', () => {
    let key = '';
    while (encodeCursor('NAME_ASC', key, 'park:a').length < 1000) key += 'x';
    // base64url of 750 bytes is 1000 characters; one byte more makes 1002.
    expect(encodeCursor('NAME_ASC', key, 'park:a')).toHaveLength(1000);
    expect(decodeCursor(encodeCursor('NAME_ASC', key, 'park:a'), 'NAME_ASC')).toEqual([key, 'park:a']);
    const longer = encodeCursor('NAME_ASC', `${key}x`, 'park:a');
    expect(longer.length).toBeGreaterThan(1000);
    expect(refusal(() => decodeCursor(longer, 'NAME_ASC')).code).toBe('BAD_USER_INPUT');
  });
});
