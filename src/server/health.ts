import express, { type Router } from 'express';
import type { Neo4jGateway } from '../db/neo4j';

/** How long /ready waits for Neo4j before it answers 503: probes must not hang. */
const READY_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** /health: the process answers (liveness). /ready: Neo4j answers too, so traffic may be sent (readiness). */
export function healthRouter(gateway: Neo4jGateway): Router {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const server = await withTimeout(gateway.verify(), READY_TIMEOUT_MS);
      res.json({ status: 'ready', neo4j: { agent: server.agent, database: gateway.connection.database } });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: (error as Error).message });
    }
  });
  return router;
}
