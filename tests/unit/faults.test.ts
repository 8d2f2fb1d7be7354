import { Neo4jError } from 'neo4j-driver';
import { withDeadline } from '../../src/db/deadline';
import { mapNeo4jError } from '../../src/db/driver';
import { AppError } from '../../src/errors';
import { unansweredForFault } from '../../src/server/fault-status';

const codeOf = (error: Error): unknown => (error instanceof AppError ? error.code : error.name);

describe('fault handling without a database', () => {
  it('ends a call that does not settle at its deadline with TIMEOUT, and leaves one that does alone', async () => {
    const never = new Promise<never>(() => undefined);
    const started = Date.now();
    await expect(withDeadline(never, 50, 'read/x')).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'The database did not answer "read/x" within 50 ms.',
    });
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(withDeadline(Promise.resolve(7), 50, 'read/x')).resolves.toBe(7);
    await expect(withDeadline(Promise.reject(new Error('boom')), 50, 'read/x')).rejects.toThrow('boom');
  });

  it('maps the driver errors of an outage or a race to client codes', () => {
    const cases: [Neo4jError, string][] = [
      [
        new Neo4jError(
          'Connection acquisition timed out in 2000 ms. Pool status: Active conn count = 10, Idle conn count = 0.',
          'N/A',
          '50N42',
          'error',
        ),
        'SERVICE_UNAVAILABLE',
      ],
      [new Neo4jError('gone', 'ServiceUnavailable', '08000', 'error'), 'SERVICE_UNAVAILABLE'],
      [new Neo4jError('ended', 'Neo.TransientError.Transaction.Terminated', '25N05', 'error'), 'TIMEOUT'],
      [new Neo4jError('ended', 'Neo.ClientError.Transaction.Terminated', '25N05', 'error'), 'TIMEOUT'],
      [new Neo4jError('deleted', 'Neo.ClientError.Statement.EntityNotFound', '22N00', 'error'), 'CONFLICT'],
    ];
    for (const [error, code] of cases)
      expect([error.code, codeOf(mapNeo4jError(error, 'x'))]).toEqual([error.code, code]);
  });

  it('calls a response unanswered only when the database left nothing but nulls', () => {
    const fault = [{ message: 'down', extensions: { code: 'SERVICE_UNAVAILABLE' } }];
    const timeout = [{ message: 'slow', extensions: { code: 'TIMEOUT' } }];
    expect(unansweredForFault(null, fault)).toBe(true);
    expect(unansweredForFault(undefined, timeout)).toBe(true);
    expect(unansweredForFault({ a: null, b: null }, [...fault, ...timeout])).toBe(true);
    // Partial data, another code among the errors, or no error: a normal 200 answer.
    expect(unansweredForFault({ a: null, b: { id: 'x' } }, fault)).toBe(false);
    expect(
      unansweredForFault(null, [...fault, { message: 'bad', extensions: { code: 'BAD_USER_INPUT' } }]),
    ).toBe(false);
    expect(unansweredForFault({ a: null }, [])).toBe(false);
    expect(unansweredForFault({ a: null }, undefined)).toBe(false);
  });
});
