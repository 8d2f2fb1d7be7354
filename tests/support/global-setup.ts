import 'reflect-metadata';
import { connectWhenReady, provision } from '../../src/db/provision';
import { applySchema } from '../../src/db/schema';
import { testConfig } from './test-config';

/**
 * Provisions the test Neo4j once per run and hands its connection to the test files through the
 * environment (workers inherit it). Records whether it started the database, so teardown stops only
 * what this run started.
 */
export default async function globalSetup(): Promise<void> {
  const config = testConfig();
  const started = Date.now();
  const provisioned = await provision(config);
  const gateway = await connectWhenReady(provisioned, config);
  await applySchema(gateway);
  await gateway.close();
  const { uri, user, password, database } = provisioned.connection;
  Object.assign(process.env, {
    TEST_DB_URI: uri,
    TEST_DB_USER: user,
    TEST_DB_PASSWORD: password,
    TEST_DB_DATABASE: database,
    TEST_DB_STARTED: provisioned.startedNow ? '1' : '0',
  });
  process.stdout.write(`\ntest Neo4j: ${provisioned.summary}, ready in ${Date.now() - started} ms\n`);
}
