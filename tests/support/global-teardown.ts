import { stopLocal } from '../../src/db/provision/local';
import { testConfig } from './test-config';

/** Stops the test Neo4j only when this run started it, so a developer's running instance is left alone. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.TEST_DB_STARTED !== '1' || process.env.TEST_NEO4J_URI) return;
  await stopLocal(testConfig().managed);
}
