import express, { type Router } from 'express';
import { withDeadline } from '../db/deadline';
import type { Neo4jGateway } from '../db/neo4j';

/** How long /ready waits for Neo4j before it answers 503: probes must not hang. */
const READY_TIMEOUT_MS = 3000;

/** /health: the process answers (liveness). /ready: Neo4j answers too, so traffic may be sent (readiness). */
export function healthRouter(gateway: Neo4jGateway): Router {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const server = await withDeadline(gateway.verify(), READY_TIMEOUT_MS, 'ready');
      res.json({ status: 'ready', neo4j: { agent: server.agent, database: gateway.connection.database } });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: (error as Error).message });
    }
  });
  return router;
}
