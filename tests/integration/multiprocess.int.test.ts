import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { cliEnv, spawnCli } from '../support/cli';
import { settled, testConnection, testGateway } from '../support/db';
import { loadCuratedData } from '../support/server';
import { collect, post, pushClient, startReceiver } from '../support/push';
import { leaseStatement } from '../../src/db/lease';
import { headStatement } from '../../src/history/sequencer';

const ADMIN = 'admin-key-multiprocess-0123456789';
const EDITOR = 'editor-key-multiprocess-0123456789';
const KEYS = `admin@ops:${ADMIN},editor@feeder:${EDITOR}`;
const SOURCE = 'source:000-qingdao-machine-tools';
const CHAIN = 'chain:qingdao-htz.cnc-machine-tools';
const WRITERS = 50;
const EACH = 6;

interface Service {
  url: string;
  child: ChildProcess;
  pid: number;
  output: string[];
  alive: boolean;
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** One process of the service, as `npm start` runs it, over the test database. */
async function startService(): Promise<Service> {
  const port = await freePort();
  const { uri, user, password, database } = testConnection();
  const child = spawnCli(
    ['serve'],
    cliEnv({
      NEO4J_URI: uri,
      NEO4J_USER: user,
      NEO4J_PASSWORD: password,
      NEO4J_DATABASE: database,
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_ON_EMPTY: 'false',
      API_KEYS: KEYS,
      WEBHOOKS: 'true',
      CHANGE_POLL_MS: '200',
      SLOW_REQUEST_MS: '0',
    }),
  );
  const service: Service = {
    url: `http://127.0.0.1:${port}`,
    child,
    pid: child.pid ?? 0,
    output: [],
    alive: true,
  };
  child.on('exit', () => (service.alive = false));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 90 s: ${service.output.join('')}`)), 90_000);
    const look = (chunk: Buffer): void => {
      service.output.push(chunk.toString());
      if (/ready in/.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${service.output.join('')}`)));
  });
  return service;
}

const cursorOf = (seq: number): string => Buffer.from(`change:${seq}`).toString('base64url');

/**
 * Three processes of the service over one Neo4j (issue 24): 50 writers through all three while a
 * subscriber on one and a webhook receiver follow, and the process numbering the log is killed mid-run.
 */
describe('several API processes over one database (real processes, real database)', () => {
  const db = testGateway(60_000);
  const services: Service[] = [];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    await loadCuratedData();
    receiver = await startReceiver();
    for (let i = 0; i < 3; i += 1) services.push(await startService());
  }, 300_000);
  afterAll(async () => {
    for (const s of services) if (s.alive) s.child.kill('SIGTERM');
    await Promise.all(
      services.filter((s) => s.alive).map((s) => new Promise((resolve) => s.child.once('exit', resolve))),
    );
    await receiver.close();
    await db.close();
  }, 60_000);

  it('numbers every acknowledged write once, in order, delivers and pushes it, and survives the numbering process being killed', async () => {
    const [a, b, c] = services as [Service, Service, Service];
    // The writers' firms, on the chain, so every write is filed under it.
    for (let w = 0; w < WRITERS; w += 1) {
      const id = `ent:mp.w${w}`;
      for (const op of [
        `mutation { upsertEnterprise(input: { id: "${id}", name: "多进程 ${w}" }, source: "${SOURCE}") { id } }`,
        `mutation { link(input: { type: IN_CHAIN, from: "${id}", to: "${CHAIN}", source: "${SOURCE}" }) { type } }`,
      ])
        expect((await post(services[w % 3]?.url ?? a.url, EDITOR, op)).errors).toBeUndefined();
    }
    await settled(db);
    const [start] = await db.read(headStatement);
    const from = start?.head ?? 0;

    // A webhook for the chain, registered through one process; a subscriber on another.
    const registered = await post(
      b.url,
      ADMIN,
      `mutation ($input: WebhookInput!) { registerWebhook(input: $input) { id secret deliveredSeq } }`,
      { input: { url: receiver.url, chains: [CHAIN] } },
    );
    expect(registered.errors).toBeUndefined();
    const hook = registered.data?.registerWebhook as { id: string; secret: string; deliveredSeq: string };
    receiver.secret = hook.secret;
    const [holderRow] = await db.read(leaseStatement('sequencer'));
    const holder = services.find((s) => holderRow?.holder?.split('/')[1] === String(s.pid));
    expect(holder).toBeDefined();
    // The subscriber follows a process that is not killed.
    const watched = services.find((s) => s !== holder) ?? c;
    const client = pushClient(watched.url);
    const pushed = collect(
      client,
      `subscription ($chain: ID!, $after: String) { chainChanges(chainId: $chain, after: $after) { node { seq entityId after } } }`,
      { chain: CHAIN, after: cursorOf(from) },
      (data) => [(data.chainChanges as { node: { seq: string; entityId: string } }).node],
    );

    // 50 writers, each writing its firm EACH times, round-robin over the processes; a write whose
    // process went away is sent again with the same Idempotency-Key to another, so it applies once.
    const acknowledged = new Map<string, number>();
    let killedAt = 0;
    /** How long after the kill the log's head first moved again: the lease's takeover, measured. */
    let takeover: Promise<{ leaseMs: number; headMs: number }> | undefined;
    const watchTakeover = async (): Promise<{ leaseMs: number; headMs: number }> => {
      const [atKill] = await db.read(headStatement);
      let leaseMs = Number.POSITIVE_INFINITY;
      for (;;) {
        const [now] = await db.read(headStatement);
        if (leaseMs === Number.POSITIVE_INFINITY) {
          const [lease] = await db.read(leaseStatement('sequencer'));
          if (lease?.held && lease.holder !== holderRow?.holder) leaseMs = Date.now() - killedAt;
        }
        if ((now?.head ?? 0) > (atKill?.head ?? 0)) return { leaseMs, headMs: Date.now() - killedAt };
        if (Date.now() - killedAt > 30_000) return { leaseMs, headMs: Number.POSITIVE_INFINITY };
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; i < EACH; i += 1) {
        const name = `多进程 ${w}-${i}`;
        for (let attempt = 0; ; attempt += 1) {
          const target = services[(w + i + attempt) % 3];
          if (!target?.alive) continue;
          try {
            const response = await fetch(`${target.url}/graphql`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${EDITOR}`,
                'idempotency-key': `mp-${w}-${i}`,
              },
              body: JSON.stringify({
                query: `mutation { upsertEnterprise(input: { id: "ent:mp.w${w}", name: "${name}" }, source: "${SOURCE}") { id } }`,
              }),
            });
            const body = (await response.json()) as { errors?: unknown[] };
            expect(body.errors).toBeUndefined();
            acknowledged.set(name, w);
            break;
          } catch (error) {
            if (attempt > 6) throw error;
          }
        }
        // Mid-run, the process that numbers the log is killed without a chance to clean up.
        if (w === 0 && i === 2 && holder) {
          killedAt = Date.now();
          holder.child.kill('SIGKILL');
          takeover = watchTakeover();
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    expect(acknowledged.size).toBe(WRITERS * EACH);
    expect(killedAt).toBeGreaterThan(0);

    // Takeover: a write through a survivor, numbered once the lease moved.
    const survivor = services.find((s) => s.alive) as Service;
    const probeAt = Date.now();
    expect(
      (
        await post(
          survivor.url,
          EDITOR,
          `mutation { upsertEnterprise(input: { id: "ent:mp.w0", name: "接管" }, source: "${SOURCE}") { id } }`,
        )
      ).errors,
    ).toBeUndefined();
    await settled(db, 20_000);
    const moved = await takeover;
    // Printed, not asserted: the takeover's target (5 s) is the bench's to measure on a quiet machine.
    console.log(
      `takeover: another process held the lease ${moved?.leaseMs} ms and the log's head moved again ${moved?.headMs} ms after the numbering process was killed (lease 2 s, asked every 0.5 s); a write after the run was numbered within ${Date.now() - probeAt} ms of its answer`,
    );
    expect(moved?.headMs).toBeLessThan(30_000);
    const [after] = await db.read(leaseStatement('sequencer'));
    expect(after?.holder).not.toBe(holderRow?.holder);

    // The feed: every acknowledged write exactly once, numbers without a gap, each writer's in its order.
    const feed = await db.read<{ seq: number; name: string | null; id: string | null }>({
      name: 'test/mp/feed',
      cypher:
        "MATCH (c:Change) WHERE c.seq > $from AND c.op = 'UPDATE' RETURN c.seq AS seq, c.entityId AS id, c.after AS name ORDER BY seq",
      params: { from },
    });
    const all = await db.read<{ seqs: number[] }>({
      name: 'test/mp/seqs',
      cypher: 'MATCH (c:Change) WHERE c.seq > $from WITH c ORDER BY c.seq RETURN collect(c.seq) AS seqs',
      params: { from },
    });
    const seqs = all[0]?.seqs ?? [];
    expect(seqs).toEqual(seqs.map((_, i) => from + 1 + i));
    const names = feed.map((r) => (JSON.parse(String(r.name)) as { name: string }).name);
    for (const name of acknowledged.keys()) expect(names.filter((n) => n === name)).toHaveLength(1);
    for (let w = 0; w < WRITERS; w += 1) {
      const mine = names.filter((n) => n.startsWith(`多进程 ${w}-`));
      expect(mine).toEqual(Array.from({ length: EACH }, (_, i) => `多进程 ${w}-${i}`));
    }

    // The subscriber on another process saw the chain's changes, every one once, in order.
    const chainSeqs = (
      await db.read<{ seqs: number[] }>({
        name: 'test/mp/chain',
        cypher:
          'MATCH (c:Change) WHERE c.seq > $from AND $chain IN c.chains WITH c ORDER BY c.seq RETURN collect(c.seq) AS seqs',
        params: { from, chain: CHAIN },
      })
    )[0]?.seqs;
    expect(chainSeqs?.length).toBeGreaterThanOrEqual(WRITERS * EACH);
    await pushed.until(chainSeqs?.length ?? 0, 30_000).catch((error: unknown) => {
      const got = pushed.events.map((e) => Number(e.seq));
      const missing = (chainSeqs ?? []).filter((s) => !got.includes(s));
      throw new Error(
        `${String(error)}; missing ${missing.slice(0, 20).join(',')}; last got ${got.slice(-5).join(',')}; errors ${JSON.stringify(pushed.errors)}; the subscriber's process said: ${watched.output.join('').slice(-3000)}`,
      );
    });
    expect(pushed.events.map((e) => Number(e.seq))).toEqual(chainSeqs);
    pushed.stop();
    await client.dispose();

    // The webhook: every change of the chain delivered, signed, in order; by one process at a time, so
    // repeats stay few (those in flight when a deliverer died), never one per process.
    const deadline = Date.now() + 60_000;
    const delivered = (): Set<number> => new Set(receiver.deliveries.map((d) => d.seq));
    while ((chainSeqs ?? []).some((s) => !delivered().has(s)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect((chainSeqs ?? []).filter((s) => !delivered().has(s))).toEqual([]);
    expect(receiver.deliveries.every((d) => d.verified)).toBe(true);
    const order = receiver.deliveries.map((d) => d.seq);
    const firsts = order.filter((s, i) => order.indexOf(s) === i);
    expect(firsts).toEqual([...firsts].sort((x, y) => x - y));
    const repeats = receiver.deliveries.length - delivered().size;
    console.log(
      `webhook: ${delivered().size} changes in ${receiver.deliveries.length} deliveries (${repeats} repeated)`,
    );
    expect(repeats).toBeLessThan(delivered().size / 2);
  }, 300_000);
});
