import { loadConfig, type Config } from '../../src/config/config';

/** Port of the test profile's local Neo4j; apart from the dev instance's 7687 so both can run. */
export const TEST_BOLT_PORT = process.env.TEST_NEO4J_LOCAL_PORT ?? '17687';

/**
 * The configuration of the test database. It never reads NEO4J_URI: tests reset their database, so
 * they get their own instance, or TEST_NEO4J_URI when a tester points them at a scratch server.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const external = process.env.TEST_NEO4J_URI;
  return loadConfig({
    NODE_ENV: 'test',
    // Overridable so two test runs on one machine (say, two developers' sessions) do not share a database.
    NEO4J_PROFILE: process.env.TEST_NEO4J_PROFILE ?? 'test',
    NEO4J_LOCAL_PORT: TEST_BOLT_PORT,
    NEO4J_HEAP: '512m',
    NEO4J_PAGECACHE: '256m',
    // The benchmark's test compares with @neo4j/graphql, which needs APOC core.
    NEO4J_PLUGINS: 'apoc',
    NEO4J_READY_TIMEOUT_S: '180',
    NEO4J_TX_TIMEOUT_MS: '10000',
    ...(external
      ? {
          NEO4J_URI: external,
          NEO4J_USER: process.env.TEST_NEO4J_USER ?? 'neo4j',
          NEO4J_PASSWORD: process.env.TEST_NEO4J_PASSWORD ?? '',
          NEO4J_DATABASE: process.env.TEST_NEO4J_DATABASE ?? 'neo4j',
        }
      : {}),
    ...overrides,
  });
}
