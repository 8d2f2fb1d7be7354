import type { RequestHandler } from 'express';

/**
 * Counts the HTTP requests in flight, so a shutdown can tell whether its grace period cut any: the drain
 * plugin closes every connection still open at the grace limit, and the requests on them never answer.
 */
export function inFlight(): {
  middleware: RequestHandler;
  /** Starts the grace clock; `settle()` gives how many requests were still running when it ran out. */
  atGraceLimit(graceMs: number): { settle(): number };
} {
  let running = 0;
  return {
    middleware: (_req, res, next) => {
      running += 1;
      let done = false;
      const end = (): void => {
        if (!done) running -= 1;
        done = true;
      };
      res.once('finish', end);
      res.once('close', end);
      next();
    },
    atGraceLimit: (graceMs) => {
      let cut: number | undefined;
      const timer = setTimeout(() => {
        cut = running;
      }, graceMs);
      timer.unref();
      return {
        settle: () => {
          clearTimeout(timer);
          return cut ?? 0;
        },
      };
    },
  };
}
