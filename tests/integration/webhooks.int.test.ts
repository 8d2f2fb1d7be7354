import { loadCuratedData, startTestServer, type TestServer } from '../support/server';
import { testGateway } from '../support/db';
import { post, startReceiver } from '../support/push';

const ADMIN = 'admin-key-0123456789abcdef';
const EDITOR = 'editor-key-0123456789abcdef';
const READER = 'reader-key-0123456789abcdef';
const KEYS = `admin@ops:${ADMIN},editor:${EDITOR},reader:${READER}`;
const SOURCE = 'source:000-qingdao-machine-tools';
const CHAIN = 'chain:qingdao-htz.cnc-machine-tools';

const REGISTER = `mutation ($input: WebhookInput!) { registerWebhook(input: $input) { id secret url createdAt deliveredSeq filter { chains labels ops } } }`;
const LIST = `{ webhooks { id deliveredSeq deliveredCursor pending attempts lastError nextAttemptAt lastDeliveredAt } }`;
interface HookState {
  id: string;
  deliveredSeq: string;
  pending: number;
  attempts: number;
  lastError: string | null;
}

/** Webhooks on the real database: signed, retried, delivered in order, across a restart. */
describe('webhooks (real database, curated data)', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const env = {
    API_KEYS: KEYS,
    WEBHOOKS: 'true',
    CHANGE_POLL_MS: '200',
    WEBHOOK_MAX_BACKOFF_MS: '800',
    WEBHOOK_TIMEOUT_MS: '2000',
  };

  beforeAll(async () => {
    await loadCuratedData();
    receiver = await startReceiver();
    server = await startTestServer(testGateway(), env);
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  const write = async (url: string, query: string): Promise<void> => {
    const body = await post(url, EDITOR, query);
    expect(body.errors).toBeUndefined();
  };
  const upsert = (id: string, name: string): string =>
    `mutation { upsertEnterprise(input: { id: "${id}", name: "${name}" }, source: "${SOURCE}") { id } }`;
  const link = (verb: 'link' | 'unlink', id: string): string =>
    `mutation { ${verb}(input: { type: IN_CHAIN, from: "${id}", to: "${CHAIN}", source: "${SOURCE}" }) ${verb === 'link' ? '{ type }' : ''} }`;
  /** A run of writes, half of them on the chain. */
  async function run(url: string, tag: string): Promise<void> {
    const id = `ent:webhook.${tag}`;
    await write(url, upsert(id, `${tag} 一`));
    await write(url, link('link', id));
    await write(url, upsert(id, `${tag} 二`));
    await write(url, upsert(`ent:webhook.${tag}-elsewhere`, `${tag} 别处`));
    await write(url, link('unlink', id));
  }
  const hooks = async (url: string): Promise<HookState[]> => {
    const body = await post(url, ADMIN, LIST);
    expect(body.errors).toBeUndefined();
    return body.data?.webhooks as HookState[];
  };
  async function untilDelivered(url: string, seq: number, ms = 30_000): Promise<HookState> {
    const deadline = Date.now() + ms;
    for (;;) {
      const [hook] = await hooks(url);
      if (hook && Number(hook.deliveredSeq) >= seq) return hook;
      if (Date.now() > deadline)
        throw new Error(`delivery stood at ${hook?.deliveredSeq} after ${ms} ms, not ${seq}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const chainSeqs = async (url: string, after: string): Promise<number[]> => {
    await server.settle();
    const body = await post(
      url,
      READER,
      `query ($after: String) { changes(after: $after, first: 500, filter: { chains: ["${CHAIN}"] }) { edges { node { seq } } } }`,
      { after },
    );
    const page = body.data?.changes as { edges: { node: { seq: string } }[] };
    return page.edges.map((e) => Number(e.node.seq));
  };

  it('refuses other keys than admin ones, and bad URLs, writing nothing', async () => {
    const input = { url: receiver.url };
    expect((await post(server.url, EDITOR, REGISTER, { input })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await post(server.url, READER, REGISTER, { input })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await post(server.url, undefined, REGISTER, { input })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await post(server.url, EDITOR, LIST)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const url of [
      'ftp://127.0.0.1/hook',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'not a url',
      '127.0.0.1:9/hook',
      'http://user:secret@127.0.0.1/hook',
      '',
      `http://127.0.0.1/${'x'.repeat(2000)}`,
    ]) {
      const body = await post(server.url, ADMIN, REGISTER, { input: { url } });
      expect({ url, code: body.errors?.[0]?.extensions?.code }).toEqual({ url, code: 'BAD_USER_INPUT' });
    }
    for (const bad of [{ chains: ['park:qingdao-htz'] }, { labels: ['Nope'] }, { ops: ['EXPLODE'] }]) {
      const body = await post(server.url, ADMIN, REGISTER, { input: { url: receiver.url, ...bad } });
      expect(body.errors?.[0]?.extensions?.code).toEqual(
        expect.stringMatching(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/),
      );
    }
    expect(await hooks(server.url)).toEqual([]);
    const gone = await post(server.url, ADMIN, 'mutation { deleteWebhook(id: "nonsense") }');
    expect(gone.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('delivers every change of the chain, signed, in order, through failures and a restart', async () => {
    const registered = await post(server.url, ADMIN, REGISTER, {
      input: { url: receiver.url, chains: [CHAIN] },
    });
    expect(registered.errors).toBeUndefined();
    const hook = registered.data?.registerWebhook as { id: string; secret: string; deliveredSeq: string };
    expect(hook.secret).toMatch(/^whsec_/);
    receiver.secret = hook.secret;
    const from = Buffer.from(`change:${hook.deliveredSeq}`).toString('base64url');
    // The secret is shown once: the list never has it.
    expect(JSON.stringify((await post(server.url, ADMIN, '{ webhooks { id url } }')).data)).not.toContain(
      hook.secret,
    );

    // Part 1: the receiver is down for its first three answers, then up.
    receiver.failFirst = 3;
    await run(server.url, 'one');
    const part1 = await chainSeqs(server.url, from);
    expect(part1.length).toBe(3);
    const afterFailures = await untilDelivered(server.url, part1.at(-1) ?? 0);
    expect(afterFailures).toMatchObject({ attempts: 0, lastError: null, pending: 0 });
    const failed = receiver.deliveries.filter((d) => d.status === 500);
    expect(failed.map((d) => d.seq)).toEqual([part1[0], part1[0], part1[0]]);

    // Part 2, then a stop in the middle of its delivery: the receiver answers slowly now.
    receiver.delayMs = 400;
    await run(server.url, 'two');
    await server.close();
    server = await startTestServer(testGateway(), { ...env, WEBHOOKS: 'false' });
    const [midway] = await hooks(server.url);
    const part2 = await chainSeqs(server.url, from);
    expect(part2.length).toBe(6);
    // Truly in the middle: the stop came before everything of part 2 was delivered.
    expect(Number(midway?.deliveredSeq)).toBeLessThan(part2.at(-1) ?? 0);
    // Part 3 while no dispatcher runs: written by an instance with WEBHOOKS=false.
    receiver.delayMs = 0;
    await run(server.url, 'three');
    await new Promise((r) => setTimeout(r, 500));
    const seenWhileDown = receiver.deliveries.length;
    await server.close();
    expect(receiver.deliveries.length).toBe(seenWhileDown);

    // A new instance delivers the rest.
    server = await startTestServer(testGateway(), env);
    const expected = await chainSeqs(server.url, from);
    expect(expected.length).toBe(9);
    await untilDelivered(server.url, expected.at(-1) ?? 0);

    const ok = receiver.deliveries.filter((d) => d.status === 200);
    expect(receiver.deliveries.every((d) => d.verified)).toBe(true);
    const now = Math.floor(Date.now() / 1000);
    expect(receiver.deliveries.every((d) => Math.abs(now - Number(d.timestamp)) < 300)).toBe(true);
    // Every change once at least, in order; a repeat (at-least-once) is the same change, same id.
    const unique = [...new Set(ok.map((d) => d.seq))];
    expect(unique).toEqual(expected);
    for (let i = 1; i < ok.length; i += 1) expect(ok[i].seq).toBeGreaterThanOrEqual(ok[i - 1].seq);
    for (const d of ok) {
      const first = ok.find((o) => o.seq === d.seq);
      expect(d.id).toBe(`${hook.id}/${d.seq}`);
      expect(JSON.parse(d.body)).toEqual(JSON.parse(first?.body ?? ''));
    }
    const body = JSON.parse(ok[0]?.body ?? '{}') as {
      webhookId: string;
      cursor: string;
      change: { chains: string[] };
    };
    expect(body.webhookId).toBe(hook.id);
    expect(body.change.chains).toContain(CHAIN);
    console.log(
      `webhook run: ${expected.length} changes, ${receiver.deliveries.length} requests (${failed.length} answered 500, ${ok.length - unique.length} repeats after the restart)`,
    );

    const deleted = await post(server.url, ADMIN, 'mutation ($id: ID!) { deleteWebhook(id: $id) }', {
      id: hook.id,
    });
    expect(deleted.data?.deleteWebhook).toBe(true);
    expect(await hooks(server.url)).toEqual([]);
  });
});
