import { changeCount, graphCounts, settled, testGateway } from '../support/db';
import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';
import { pruneChanges } from '../../src/history/feed';

const EDITOR = 'editor-key-0123456789abcdef';
const READER = 'reader-key-0123456789abcdef';
const SOURCE = 'source:003-baiyin-party-chain';
const ZONE = 'park:qingdao-htz';
const CHAIN = 'chain:qingdao-htz.cnc-machine-tools';

interface FeedChange {
  seq: string;
  at: string;
  op: string;
  label: string | null;
  entityId: string | null;
  actor: { role: string; name: string | null };
  source: string | null;
  relationship: { type: string; from: string; to: string } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  removed: { type: string; from: string; to: string }[];
  counts: Record<string, number> | null;
  files: string[];
  zones: string[];
  chains: string[];
}
interface FeedPage {
  edges: { cursor: string; node: FeedChange }[];
  pageInfo: { endCursor: string; hasNextPage: boolean };
  head: string;
}

const FEED = `query Feed($after: String, $first: Int, $filter: ChangeFilterInput) {
  changes(after: $after, first: $first, filter: $filter) {
    edges { cursor node { seq at op label entityId actor { role name } source relationship { type from to }
      before after removed { type from to } counts files zones chains } }
    pageInfo { endCursor hasNextPage } head } }`;

/** The change log on the real database: every write path records, the feed pages it without gaps. */
describe('change log and feed (real database, curated data)', () => {
  let server: TestServer;
  const db = testGateway();

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer(testGateway(), {
      API_KEYS: `editor@alice:${EDITOR},reader:${READER}`,
    });
    await settled(db);
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  async function send(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GraphQLBody> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLBody;
  }
  /** A write, then (unless told not to) the wait until the sequencer numbered its change. */
  async function write(
    query: string,
    headers: Record<string, string> = {},
    options: { settle?: boolean } = {},
  ): Promise<void> {
    const body = await send(query, undefined, headers);
    expect(body.errors).toBeUndefined();
    if (options.settle !== false) await settled(db);
  }
  async function feed(variables: Record<string, unknown>): Promise<FeedPage> {
    const body = await send(FEED, variables);
    expect(body.errors).toBeUndefined();
    return body.data?.changes as FeedPage;
  }
  /** Every change after `after`, read page by page. */
  async function readAll(after: string | null, first = 3, filter?: object): Promise<FeedChange[]> {
    const out: FeedChange[] = [];
    let cursor = after;
    for (;;) {
      const page = await feed({ after: cursor, first, filter });
      out.push(...page.edges.map((e) => e.node));
      cursor = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) return out;
    }
  }
  const headCursor = async (): Promise<string> => {
    const page = await feed({ first: 1, filter: { ids: ['none:such'] } });
    return page.pageInfo.endCursor;
  };

  it('records the seed load as one change with its counts and files', async () => {
    const [first] = (await feed({ first: 1 })).edges;
    expect(first?.node).toMatchObject({ seq: '1', op: 'SEED', actor: { role: 'seed' } });
    expect(first?.node.files.length).toBeGreaterThan(0);
    expect(first?.node.counts?.Enterprise).toBeGreaterThan(0);
    expect(first?.node.zones).toContain(ZONE);
  });

  it('reads back a scripted sequence of writes in order and complete, with before and after', async () => {
    const start = await headCursor();
    const id = 'ent:history.alpha';
    await write(
      `mutation { upsertEnterprise(input: { id: "${id}", name: "阿尔法" }, source: "${SOURCE}") { id } }`,
    );
    await write(
      `mutation { upsertEnterprise(input: { id: "${id}", name: "阿尔法有限公司", highTech: true }, source: "${SOURCE}") { id } }`,
    );
    await write(
      `mutation { link(input: { type: LOCATED_IN, from: "${id}", to: "${ZONE}", source: "${SOURCE}" }) { type } }`,
    );
    await write(
      `mutation { link(input: { type: IN_CHAIN, from: "${id}", to: "${CHAIN}", source: "${SOURCE}" }) { type } }`,
    );
    await write(
      `mutation { unlink(input: { type: IN_CHAIN, from: "${id}", to: "${CHAIN}", source: "${SOURCE}" }) }`,
    );
    await write(`mutation { deleteEnterprise(id: "${id}", source: "${SOURCE}") }`);
    const changes = await readAll(start, 2);
    expect(changes.map((c) => c.op)).toEqual(['CREATE', 'UPDATE', 'LINK', 'LINK', 'UNLINK', 'DELETE']);
    const seqs = changes.map((c) => Number(c.seq));
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
    const [created, updated, located, inChain, unlinked, deleted] = changes;
    expect(created).toMatchObject({ label: 'Enterprise', entityId: id, before: null, source: SOURCE });
    expect(created?.actor).toEqual({ role: 'editor', name: 'alice' });
    expect(created?.after).toMatchObject({ id, name: '阿尔法', createdBy: 'editor' });
    expect(updated?.before).toMatchObject({ name: '阿尔法' });
    expect(updated?.after).toMatchObject({ name: '阿尔法有限公司', highTech: true });
    expect(located?.relationship).toEqual({ type: 'LOCATED_IN', from: id, to: ZONE });
    expect(located?.before).toBeNull();
    expect(located?.zones).toEqual([ZONE]);
    expect(inChain?.chains).toEqual([CHAIN]);
    expect(unlinked?.before).toMatchObject({ createdBy: 'editor' });
    expect(unlinked?.after).toBeNull();
    expect(deleted?.before).toMatchObject({ name: '阿尔法有限公司' });
    expect(deleted?.removed.map((r) => r.type).sort()).toEqual(['CITES', 'LOCATED_IN']);
    expect(deleted?.zones).toEqual([ZONE]);
    for (let i = 1; i < changes.length; i += 1)
      expect(Date.parse(changes[i]?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(changes[i - 1]?.at ?? ''));
  });

  it('filters by label, id, zone, chain and op; a cursor past a rare filter moves to the head', async () => {
    const start = await headCursor();
    await write(
      `mutation { upsertEnterprise(input: { id: "ent:history.beta", name: "贝塔" }, source: "${SOURCE}") { id } }`,
    );
    await write(
      `mutation { link(input: { type: IN_CHAIN, from: "ent:history.beta", to: "${CHAIN}", source: "${SOURCE}" }) { type } }`,
    );
    await write(
      `mutation { upsertPark(input: { id: "park:history.gamma", name: "伽马园", kind: "PARK" }, source: "${SOURCE}") { id } }`,
    );
    const byChain = await readAll(start, 5, { chains: [CHAIN] });
    expect(byChain.map((c) => c.op)).toEqual(['LINK']);
    const byId = await readAll(start, 5, { ids: ['ent:history.beta'] });
    expect(byId.map((c) => c.op)).toEqual(['CREATE', 'LINK']);
    expect((await readAll(start, 5, { labels: ['Park'] })).map((c) => c.entityId)).toEqual([
      'park:history.gamma',
    ]);
    expect((await readAll(start, 5, { ops: ['CREATE'] })).length).toBe(2);
    expect(await readAll(start, 5, { zones: ['park:no-such-zone'] })).toEqual([]);
    const empty = await feed({ after: start, first: 5, filter: { zones: ['park:no-such-zone'] } });
    expect(empty.pageInfo).toEqual({ endCursor: expect.any(String) as unknown, hasNextPage: false });
    expect(empty.pageInfo.endCursor).not.toBe(start);
    // Explicit nulls mean "not given", as everywhere in the API.
    const nulls = await feed({ after: start, first: null, filter: { labels: null, ids: null } });
    expect(nulls.edges.length).toBe(3);
  });

  it('answers aliases and several feeds in one operation alike', async () => {
    const body = await send(
      `{ a: changes(first: 2) { edges { node { seq } } } b: changes(first: 2) { edges { node { seq } } } ...F }
       fragment F on Query { c: changes(first: 1) { head } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.a).toEqual(body.data?.b);
    expect(Number((body.data?.c as { head: string }).head)).toBeGreaterThan(1);
  });

  it('writes no change for a refused write, and one for an Idempotency-Key replayed', async () => {
    const before = await changeCount(db);
    const graph = await graphCounts(db);
    const refused = await send(
      `mutation { upsertEnterprise(input: { id: "ent:history.delta", name: "德尔塔" }, source: "source:none") { id } }`,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await changeCount(db)).toBe(before);
    expect(await graphCounts(db)).toEqual(graph);
    const once = `mutation { upsertEnterprise(input: { id: "ent:history.delta", name: "德尔塔" }, source: "${SOURCE}") { id } }`;
    await write(once, { 'idempotency-key': 'history-replay-1' });
    await write(once, { 'idempotency-key': 'history-replay-1' });
    expect(await changeCount(db)).toBe(before + 1);
  });

  it('refuses bad cursors and sizes with a code', async () => {
    for (const after of [
      'nonsense',
      Buffer.from('change:-1').toString('base64url'),
      Buffer.from('change:01').toString('base64url'),
      '',
    ]) {
      const body = await send(FEED, { after });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    for (const first of [0, -1, 501]) {
      const body = await send(FEED, { first });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const tooMany = await send(FEED, { filter: { ids: Array.from({ length: 101 }, (_, i) => `ent:x${i}`) } });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never skips or repeats a change while 50 writers write and a reader follows', async () => {
    const start = await headCursor();
    const writers = 50;
    const each = 4;
    let done = false;
    const seen: FeedChange[] = [];
    const follow = (async () => {
      let cursor = start;
      // The reader pages while the writers run, and once more after they end.
      for (let last = false; ;) {
        const page = await feed({ after: cursor, first: 7, filter: { labels: ['Enterprise'] } });
        seen.push(...page.edges.map((e) => e.node));
        cursor = page.pageInfo.endCursor;
        if (!page.pageInfo.hasNextPage) {
          if (last) return;
          if (done) last = true;
          else await new Promise((r) => setTimeout(r, 5));
        }
      }
    })();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < each; i += 1)
          await write(
            `mutation { upsertEnterprise(input: { id: "ent:history.w${w}-${i}", name: "写者${w}-${i}" }, source: "${SOURCE}") { id } }`,
            {},
            { settle: false },
          );
      }),
    );
    // The reader's last page is read once every acknowledged write has its number.
    await settled(db);
    done = true;
    await follow;
    const ids = seen.map((c) => c.entityId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(writers * each);
    const seqs = seen.map((c) => Number(c.seq));
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
    // Each writer's own writes appear in the order it made them.
    for (let w = 0; w < writers; w += 1) {
      const mine = ids.filter((id) => id?.startsWith(`ent:history.w${w}-`));
      expect(mine).toEqual(Array.from({ length: each }, (_, i) => `ent:history.w${w}-${i}`));
    }
  });

  it('refuses a cursor that retention has overtaken, and reads on from one it has not', async () => {
    const head = await headCursor();
    await write(
      `mutation { upsertEnterprise(input: { id: "ent:history.epsilon", name: "艾普西隆" }, source: "${SOURCE}") { id } }`,
    );
    // Everything older than a day, seen from two days ahead: the whole log.
    const removed = await pruneChanges(db, 1, new Date(Date.now() + 2 * 86_400_000));
    expect(removed).toBeGreaterThan(0);
    const old = await send(FEED, { after: head });
    expect(old.errors?.[0]?.extensions?.code).toBe('CURSOR_EXPIRED');
    expect(await changeCount(db)).toBe(0);
    const fresh = await headCursor();
    await write(
      `mutation { upsertEnterprise(input: { id: "ent:history.zeta", name: "泽塔" }, source: "${SOURCE}") { id } }`,
    );
    expect((await readAll(fresh)).map((c) => c.entityId)).toEqual(['ent:history.zeta']);
  });
});

describe('change log switched off (CHANGE_LOG=false)', () => {
  it('writes no change, and the feed answers an empty page', async () => {
    await loadCuratedData();
    const db = testGateway();
    const server = await startTestServer(testGateway(), {
      API_KEYS: `editor:${EDITOR}`,
      CHANGE_LOG: 'false',
    });
    try {
      const before = await changeCount(db);
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR}` },
        body: JSON.stringify({
          query: `mutation { upsertEnterprise(input: { id: "ent:history.off", name: "关" }, source: "${SOURCE}") { id } }`,
        }),
      });
      expect(((await response.json()) as GraphQLBody).errors).toBeUndefined();
      expect(await changeCount(db)).toBe(before);
    } finally {
      await server.close();
      await db.close();
    }
  });
});
