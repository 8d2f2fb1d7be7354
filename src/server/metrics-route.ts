import express, { type Router } from 'express';
import type { Registry } from 'prom-client';
import type { ApiKey, Config } from '../config/config';
import { presentedKey, roleOf } from './auth';

/**
 * GET /metrics in Prometheus's text format. `open` serves anyone (the default on a loopback bind, where
 * only this machine connects); `admin` needs an admin key, sent as the API's keys are, which
 * Prometheus sends as a bearer token; `off` serves nothing.
 */
export function metricsRouter(
  registry: Registry,
  access: Config['metrics'],
  keys: readonly ApiKey[],
): Router {
  const router = express.Router();
  if (access === 'off') return router;
  router.get('/metrics', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (access === 'admin') {
      const key = presentedKey(req);
      const role = key ? roleOf(key, keys) : undefined;
      if (role !== 'admin') {
        res
          .status(role ? 403 : 401)
          .set('WWW-Authenticate', 'Bearer')
          .json({
            errors: [
              {
                message: 'Reading /metrics needs an admin key: send Authorization: Bearer <key>.',
                extensions: { code: role ? 'FORBIDDEN' : 'UNAUTHENTICATED' },
              },
            ],
          });
        return;
      }
    }
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return router;
}
