import { AppError } from '../errors';

/**
 * Rejects with TIMEOUT when `work` has not settled within `ms`. The work itself is abandoned, not
 * cancelled: its session closes whenever the database answers again, and a write may still commit then,
 * which is why a write that timed out has an unknown outcome (retry it with the same Idempotency-Key).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('TIMEOUT', `The database did not answer "${name}" within ${ms} ms.`)),
      ms,
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
