import { importSmallSet } from '../../bench/data';
import { testGateway } from '../support/db';
import { countedTallies, differences, storedTallies } from '../support/aggregates';
import {
  loadCuratedData,
  sendWithKey,
  startTestServer,
  type GraphQLBody,
  type TestServer,
} from '../support/server';

const EDITOR = 'editor-key-aggregates-0123456789';
const SOURCE = 'source:003-baiyin-party-chain';
const WRITERS = 50;
const ROUNDS = 5;

let server: TestServer;
const gateway = testGateway(60_000);

const send = sendWithKey(() => server, EDITOR);

beforeAll(async () => {
  await loadCuratedData();
  await importSmallSet(gateway, { enterprises: 2000, seed: 7 });
  server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR}` });
}, 300_000);
afterAll(async () => {
  await server.close();
  await gateway.close();
});

/**
 * What a zone's writers cost each other: 50 counted upserts at once, each flipping `highTech` of another
 * firm of the same zone, so every one changes the same zone's tallies. Measured with the change log (as
 * the service runs: every write also takes the log's one counter lock, to its commit) and without it
 * (`CHANGE_LOG=false`), where the aggregates' own locks are the only ones the writers share. Printed, not
 * asserted: the figure depends on the machine.
 */
it('50 concurrent counted upserts in one zone: wall time (printed)', async () => {
  const [zone] = await gateway.read<{ id: string; firms: string[] }>({
    name: 'test/contention/zone',
    cypher: `MATCH (z:Park)<-[:LOCATED_IN]-(e:Enterprise)-[:OPERATES_IN]->(:ChainSegment)
      WITH z, collect(DISTINCT e.id) AS firms ORDER BY size(firms) DESC, z.id LIMIT 1
      RETURN z.id AS id, firms[0..${WRITERS}] AS firms`,
  });
  expect(zone?.firms).toHaveLength(WRITERS);
  const upsert = `mutation ($input: EnterpriseInput!, $source: ID!) { upsertEnterprise(input: $input, source: $source) { id } }`;
  const flip = (highTech: boolean): Promise<GraphQLBody[]> =>
    Promise.all(
      (zone?.firms ?? []).map((id) =>
        send(upsert, { input: { id, name: `企业${id}`, highTech }, source: SOURCE }),
      ),
    );
  // Unmeasured: each firm's first CITES edge to the one source (whose creation locks the source node,
  // which every write would then queue on whatever the aggregates do), and the statements' plans.
  for (const firm of zone?.firms ?? [])
    await send(upsert, { input: { id: firm, name: `企业${firm}` }, source: SOURCE });
  const measure = async (label: string): Promise<void> => {
    await flip(false);
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const started = performance.now();
      const answers = await flip(round % 2 === 0);
      times.push(performance.now() - started);
      expect(answers.filter((a) => a.errors !== undefined)).toEqual([]);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `${WRITERS} concurrent upserts in ${zone?.id}, ${label}: wall ms per round ${times.map((t) => t.toFixed(0)).join(', ')}; median ${sorted[Math.floor(ROUNDS / 2)]?.toFixed(0)}`,
    );
  };
  await measure('with the change log');
  await server.close();
  server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR}`, CHANGE_LOG: 'false' });
  try {
    await measure('without the change log');
  } finally {
    await server.close();
    server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR}` });
  }
  expect(differences(await storedTallies(gateway), await countedTallies(gateway))).toEqual([]);
}, 600_000);
