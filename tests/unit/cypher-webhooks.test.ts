import { tck } from './cypher-recorder';
import {
  createWebhookStatement,
  deleteWebhookStatement,
  deliveredStatement,
  failedStatement,
  listWebhooksStatement,
} from '../../src/changes/webhook-statements';
import { nodeExistsStatement } from '../../src/changes/statements';
import { countChangesStatement } from '../../src/history/feed';

/** TCK-style: the statements of the webhooks and of the subscriptions' checks. */
describe('Cypher of push', () => {
  it('the webhook statements', () => {
    const statements = [
      createWebhookStatement({
        id: 'webhook:00000000-0000-0000-0000-000000000000',
        url: 'https://example.org/hook',
        secret: 'whsec_x',
        labels: null,
        chains: ['chain:qingdao-htz.cnc-machine-tools'],
        ops: null,
        by: 'ops',
      }),
      deleteWebhookStatement('webhook:00000000-0000-0000-0000-000000000000'),
      listWebhooksStatement(),
      deliveredStatement('webhook:00000000-0000-0000-0000-000000000000', 42),
      failedStatement('webhook:00000000-0000-0000-0000-000000000000', 'HTTP 500', '2026-01-01T00:00:00.000Z'),
      countChangesStatement(41, { chains: ['chain:qingdao-htz.cnc-machine-tools'] }, 10_000),
    ];
    expect(tck(statements)).toMatchSnapshot();
  });

  it('whether a followed node exists', () => {
    expect(tck([nodeExistsStatement('Demand', 'demand:a')])).toMatchSnapshot();
  });
});
