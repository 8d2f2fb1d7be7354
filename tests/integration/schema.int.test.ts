import { readCypherFolder } from '../../src/db/cypher-files';
import { applySchema } from '../../src/db/schema';
import { NODE_LABELS } from '../../src/model/registry';
import { testGateway } from '../support/db';

describe('cypher/schema (real database)', () => {
  const gateway = testGateway();
  afterAll(() => gateway.close());

  it('applies twice without error and leaves one uniqueness constraint per label', async () => {
    await applySchema(gateway);
    const count = await applySchema(gateway);
    expect(count).toBe(readCypherFolder('schema').length);
    const rows = await gateway.read({
      name: 'test/constraints',
      cypher:
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties",
    });
    const labels = rows.filter((r) => (r.properties as string[]).join() === 'id').map((r) => r.label);
    // Besides the model's labels, the change log's counter, the webhooks and the aggregates' state node are
    // found by their ids (Change is keyed by seq, a Tally by its key).
    expect([...labels].sort()).toEqual([...NODE_LABELS, 'ChangeLog', 'Webhook', 'AggregateState'].sort());
  });
});
