import WebSocket from 'ws';
import { loadCuratedData, startTestServer, type TestServer } from '../support/server';
import { testGateway } from '../support/db';
import { collect, post, pushClient, socketUrl } from '../support/push';

const EDITOR = 'editor-key-0123456789abcdef';
const READER = 'reader-key-0123456789abcdef';
const SOURCE = 'source:000-qingdao-machine-tools';
const CHAIN = 'chain:qingdao-htz.cnc-machine-tools';
const IN_CHAIN_FIRM = 'ent:qingdao-htz.liding-zhineng';
const ASSIGNEE = 'gov:suizhou-htz.admin-committee';

interface Edge {
  cursor: string;
  node: { seq: string; op: string; entityId: string | null; chains: string[] };
}

const FEED = `query ($after: String, $filter: ChangeFilterInput) {
  changes(after: $after, first: 500, filter: $filter) { edges { cursor node { seq op entityId chains } } pageInfo { endCursor } } }`;

/** Aliases and a fragment, as a client's generated document has them. */
const CHAIN_SUBSCRIPTION = `subscription Follow($chain: ID!, $after: String) {
  edge: chainChanges(chainId: $chain, after: $after) { at: cursor node { ...C } } }
  fragment C on Change { seq op entityId chains }`;
const pickEdge = (data: Record<string, unknown>): Edge[] => {
  const { at, node } = data.edge as { at: string; node: Edge['node'] };
  return [{ cursor: at, node }];
};

/** Subscriptions over graphql-ws on the real database: the chain's changes, a demand's steps, auth, slowness. */
describe('subscriptions (real database, curated data)', () => {
  let server: TestServer;
  const write = async (query: string): Promise<void> => {
    const body = await post(server.url, EDITOR, query);
    expect(body.errors).toBeUndefined();
  };
  const feed = async (after: string | null, filter: object): Promise<{ edges: Edge[]; end: string }> => {
    const body = await post(server.url, READER, FEED, { after, filter });
    expect(body.errors).toBeUndefined();
    const page = body.data?.changes as { edges: Edge[]; pageInfo: { endCursor: string } };
    return { edges: page.edges, end: page.pageInfo.endCursor };
  };
  const head = async (): Promise<string> => (await feed(null, { ids: ['none:such'] })).end;
  const upsert = (id: string, name: string): string =>
    `mutation { upsertEnterprise(input: { id: "${id}", name: "${name}" }, source: "${SOURCE}") { id } }`;
  const inChain = (verb: 'link' | 'unlink', id: string): string =>
    `mutation { ${verb}(input: { type: IN_CHAIN, from: "${id}", to: "${CHAIN}", source: "${SOURCE}" }) ${verb === 'link' ? '{ type }' : ''} }`;
  const raise = (id: string): string =>
    `mutation { raiseDemand(input: { id: "${id}", name: "五轴联动需求", category: "FINANCING", enterprise: "${IN_CHAIN_FIRM}", source: "${SOURCE}" }) { id } }`;
  const advance = (id: string, to: string): string =>
    `mutation { advanceDemand(id: "${id}", to: ${to}${to === 'ASSIGNED' ? `, assignee: "${ASSIGNEE}"` : ''}) { state } }`;
  const STEPS = ['ASSIGNED', 'RECTIFYING', 'CLOSED', 'REVIEWED'];

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer(testGateway(), {
      API_KEYS: `editor:${EDITOR},reader:${READER}`,
      CHANGE_POLL_MS: '500',
    });
  });
  afterAll(() => server.close());

  it('replays after a cursor, then follows live: every change of the chain, in order, as Query.changes lists it', async () => {
    const start = await head();
    // Before the subscription: replayed from `after`.
    await write(upsert('ent:push.alpha', '阿尔法'));
    await write(inChain('link', 'ent:push.alpha'));
    const client = pushClient(server.url, { authorization: `Bearer ${READER}` });
    const got = collect(client, CHAIN_SUBSCRIPTION, { chain: CHAIN, after: start }, pickEdge);
    try {
      await got.until(1);
      // Live: upserts, a demand through its loop, an unlink, and writes elsewhere that must not arrive.
      await write(upsert('ent:push.alpha', '阿尔法机床'));
      await write(upsert('ent:push.elsewhere', '别处'));
      await write(raise('demand:push-chain'));
      for (const step of STEPS) await write(advance('demand:push-chain', step));
      await write(inChain('unlink', 'ent:push.alpha'));
      await write(upsert('ent:push.alpha', '阿尔法之后'));
      await server.settle();
      const expected = (await feed(start, { chains: [CHAIN] })).edges;
      expect(expected.map((e) => e.node.op)).toEqual([
        'LINK',
        'UPDATE',
        'CREATE',
        'DEMAND_STEP',
        'DEMAND_STEP',
        'DEMAND_STEP',
        'DEMAND_STEP',
        'UNLINK',
      ]);
      await got.until(expected.length);
      // A moment more: nothing beyond the expected may follow.
      await new Promise((r) => setTimeout(r, 700));
      expect(got.errors).toEqual([]);
      expect(got.events).toEqual(expected);
    } finally {
      got.stop();
      await client.dispose();
    }
  });

  it('follows one demand through its steps, from now on without a cursor', async () => {
    await write(raise('demand:push-steps'));
    // "Now" is the log's head when the subscription starts: a change still waiting for its number
    // then comes after it. The raise is numbered first, so that only the steps are after now.
    await server.settle();
    const client = pushClient(server.url);
    const got = collect(
      client,
      'subscription ($id: ID!) { demandSteps(demandId: $id) { cursor node { seq op entityId after } } }',
      { id: 'demand:push-steps' },
      (data) => [data.demandSteps as { node: { op: string; after: { state: string } } }],
    );
    try {
      // The subscription is live once the server has read the head; a write before that is not replayed.
      await new Promise((r) => setTimeout(r, 300));
      for (const step of STEPS) await write(advance('demand:push-steps', step));
      await write(raise('demand:push-other'));
      await got.until(STEPS.length);
      await new Promise((r) => setTimeout(r, 700));
      expect(got.errors).toEqual([]);
      expect(got.events.map((e) => [e.node.op, e.node.after.state])).toEqual(
        STEPS.map((s) => ['DEMAND_STEP', s]),
      );
    } finally {
      got.stop();
      await client.dispose();
    }
  });

  it('refuses a subscription sent over HTTP, saying where subscriptions are served', async () => {
    const body = await post(
      server.url,
      READER,
      `subscription { chainChanges(chainId: "${CHAIN}") { cursor } }`,
    );
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toMatch(/graphql-ws/);
  });

  it('refuses bad arguments and non-subscriptions with a code, over the socket', async () => {
    const client = pushClient(server.url);
    const cases: [string, Record<string, unknown>, string][] = [
      ['subscription { chainChanges(chainId: "chain:no-such") { cursor } }', {}, 'NOT_FOUND'],
      ['subscription { chainChanges(chainId: "park:qingdao-htz") { cursor } }', {}, 'BAD_USER_INPUT'],
      [
        `subscription { chainChanges(chainId: "${CHAIN}", after: "nonsense") { cursor } }`,
        {},
        'BAD_USER_INPUT',
      ],
      ['{ serviceInfo { version } }', {}, 'BAD_REQUEST'],
      ['subscription { nope }', {}, 'GRAPHQL_VALIDATION_FAILED'],
      ['subscription {', {}, 'GRAPHQL_PARSE_FAILED'],
    ];
    try {
      for (const [query, variables, code] of cases) {
        const got = collect(client, query, variables, () => []);
        await got.until(1, 5000);
        const codes = got.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
        expect({ query, codes }).toEqual({ query, codes: [code] });
      }
    } finally {
      await client.dispose();
    }
  });
});

describe('subscriptions with READ_ACCESS=key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(testGateway(), {
      API_KEYS: `editor:${EDITOR},reader:${READER}`,
      READ_ACCESS: 'key',
    });
  });
  afterAll(() => server.close());

  /** The close code and reason of a connection with these connection_init params. */
  async function closeOf(params?: Record<string, unknown>): Promise<{ code: number; reason: string }> {
    const client = pushClient(server.url, params);
    const got = collect(
      client,
      `subscription { chainChanges(chainId: "${CHAIN}") { cursor } }`,
      {},
      () => [],
    );
    await got.until(1, 5000);
    await client.dispose();
    const [closed] = got.errors as { code: number; reason: string }[];
    return { code: closed?.code ?? 0, reason: closed?.reason ?? '' };
  }

  it('closes a socket without a key or with a wrong one with 4401 and the reason', async () => {
    expect(await closeOf()).toEqual({
      code: 4401,
      reason: expect.stringMatching(/API key is required/) as unknown,
    });
    expect(await closeOf({ authorization: 'Bearer wrong-key-0123456789abcdef' })).toEqual({
      code: 4401,
      reason: 'The API key is not valid.',
    });
  });

  it('serves a reader key given as x-api-key', async () => {
    const client = pushClient(server.url, { 'x-api-key': READER });
    const got = collect(
      client,
      `subscription { chainChanges(chainId: "${CHAIN}") { node { op entityId } } }`,
      {},
      (data) => [data.chainChanges as { node: { op: string; entityId: string } }],
    );
    try {
      await new Promise((r) => setTimeout(r, 300));
      const body = await post(
        server.url,
        EDITOR,
        `mutation { upsertEnterprise(input: { id: "${IN_CHAIN_FIRM}", name: "青岛力鼎智能" }, source: "${SOURCE}") { id } }`,
      );
      expect(body.errors).toBeUndefined();
      await got.until(1);
      expect(got.errors).toEqual([]);
      expect(got.events.map((e) => e.node)).toEqual([{ op: 'UPDATE', entityId: IN_CHAIN_FIRM }]);
    } finally {
      got.stop();
      await client.dispose();
    }
  });
});

describe('a subscriber that cannot keep up (SUBSCRIPTION_QUEUE_LIMIT=5)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(testGateway(), {
      API_KEYS: `editor:${EDITOR}`,
      SUBSCRIPTION_QUEUE_LIMIT: '5',
      MAX_ALIASES: '300',
      MAX_TOKENS: '5000',
    });
  });
  afterAll(() => server.close());

  /** Timed writes of upserts on the chain's enterprise: each write's milliseconds. */
  async function timedWrites(n: number, tag: string): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const began = performance.now();
      const body = await post(
        server.url,
        EDITOR,
        `mutation { upsertEnterprise(input: { id: "${IN_CHAIN_FIRM}", name: "力鼎 ${tag} ${i}" }, source: "${SOURCE}") { id } }`,
      );
      expect(body.errors).toBeUndefined();
      times.push(performance.now() - began);
    }
    return times;
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('drops it with SUBSCRIBER_TOO_SLOW and the cursor to resume from, while writes keep their pace', async () => {
    const baseline = await timedWrites(40, 'base');
    // A subscription without a cursor follows from the head: the baseline's last writes must have theirs.
    await server.settle();
    // A raw socket whose reading stops: each event is large (250 aliases), so the kernel's buffers fill
    // within a few dozen events and the server's queue then fills too.
    const socket = new WebSocket(socketUrl(server.url), 'graphql-transport-ws');
    const messages: { type: string; id?: string; payload?: unknown }[] = [];
    socket.on('message', (data: Buffer) =>
      messages.push(JSON.parse(data.toString()) as (typeof messages)[number]),
    );
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    while (!messages.some((m) => m.type === 'connection_ack')) await new Promise((r) => setTimeout(r, 10));
    const aliases = Array.from({ length: 250 }, (_, i) => `n${i}: node { ...C }`).join(' ');
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: {
          query: `subscription { chainChanges(chainId: "${CHAIN}") { cursor ${aliases} } } fragment C on Change { seq op entityId before after chains zones at }`,
        },
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const raw = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const slow = await timedWrites(40, 'slow');
    raw.resume();
    const deadline = Date.now() + 15_000;
    while (!messages.some((m) => m.type === 'error') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    socket.close();
    const nexts = messages.filter((m) => m.type === 'next');
    const error = messages.find((m) => m.type === 'error');
    const [first] = (error?.payload ?? []) as {
      message: string;
      extensions: { code: string; resumeAfter: string };
    }[];
    expect(first?.extensions.code).toBe('SUBSCRIBER_TOO_SLOW');
    // The cursor to resume from is that of the last event delivered, and the message says so.
    const lastCursor = (nexts.at(-1)?.payload as { data: { chainChanges: { cursor: string } } }).data
      .chainChanges.cursor;
    expect(first?.extensions.resumeAfter).toBe(lastCursor);
    expect(first?.message).toContain(`after: "${lastCursor}"`);
    expect(nexts.length).toBeLessThan(40);
    // Writers did not wait for the subscriber: a slack bound over the baseline, not a tight one.
    console.log(
      `slow-subscriber run: ${nexts.length} events delivered before the drop; mean write ${mean(baseline).toFixed(1)} ms without, ${mean(slow).toFixed(1)} ms with`,
    );
    expect(mean(slow)).toBeLessThan(mean(baseline) * 3 + 20);
    // Resuming from the cursor gives the rest of the run without a gap.
    const client = pushClient(server.url);
    const resumed = collect(
      client,
      `subscription ($after: String) { chainChanges(chainId: "${CHAIN}", after: $after) { node { seq after } } }`,
      { after: lastCursor },
      (data) => [(data.chainChanges as { node: { seq: string; after: { name: string } } }).node],
    );
    try {
      const seen = nexts.length;
      await resumed.until(40 - seen);
      expect(resumed.errors).toEqual([]);
      const names = resumed.events.map((e) => e.after.name);
      expect(names).toEqual(Array.from({ length: 40 - seen }, (_, i) => `力鼎 slow ${seen + i}`));
    } finally {
      resumed.stop();
      await client.dispose();
    }
  });
});
