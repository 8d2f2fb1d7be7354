import { changeCount, graphCounts, testGateway } from '../support/db';
import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';
import { pruneChanges } from '../../src/history/feed';
import {
  EDITOR,
  SOURCE,
  ZONE,
  CHAIN,
  MAIN,
  FIVE_AXIS,
  FIVE_AXIS_NAME,
  LIDING,
  YUNDING,
} from '../support/qingdao';

const NEWCO = 'ent:qingdao-htz.asof-newco';

/** Everything the map shows, so "as of" must equal "as it was" in every field the planner sees. */
const SNAPSHOT = `query Snap($chain: ID!, $asOf: DateTimeISO) {
  chainSnapshot(chainId: $chain, asOf: $asOf) {
    chain { id name projects { id name status } }
    segments { segment { id name stage } status gapType enterpriseCount enterprises { id name }
      projects { id name status } score { total localScale linkage innovation } }
    missing weak filling covered } }`;

const DIFF = `query Diff($chain: ID!, $from: DateTimeISO!, $to: DateTimeISO) {
  chainDiff(chainId: $chain, from: $from, to: $to) {
    chainId from to
    segments { segment { id name } from to move changes { seq op actorRole actorName source } }
    enterprises { segment { id } enterprise { id name } move changes { seq op } }
    projects { project { id name } from to changes { seq op } }
    changes { seq at op } } }`;

interface Segment {
  segment: { id: string };
  status: string;
  enterprises: { id: string }[];
}
interface Snapshot {
  segments: Segment[];
  filling: number;
  covered: number;
}
interface Diff {
  segments: {
    segment: { id: string };
    from: string | null;
    to: string | null;
    move: string;
    changes: { seq: string }[];
  }[];
  enterprises: {
    segment: { id: string };
    enterprise: { id: string };
    move: string;
    changes: { seq: string }[];
  }[];
  projects: { project: { id: string }; from: string | null; to: string | null; changes: { seq: string }[] }[];
  changes: { seq: string }[];
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** chainSnapshot(asOf) and chainDiff on the real database: the past rebuilt by undoing the log. */
describe('as-of chain maps and chain diffs (real database, curated data)', () => {
  let server: TestServer;
  const db = testGateway();

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer(testGateway(), { API_KEYS: `editor@planner:${EDITOR}` });
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  async function send(query: string, variables?: Record<string, unknown>): Promise<GraphQLBody> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLBody;
  }
  async function write(query: string, variables?: Record<string, unknown>): Promise<void> {
    const body = await send(query, variables);
    expect(body.errors).toBeUndefined();
  }
  async function snapshot(asOf?: string, chain = CHAIN): Promise<Snapshot | null> {
    const body = await send(SNAPSHOT, { chain, asOf });
    expect(body.errors).toBeUndefined();
    return body.data?.chainSnapshot as Snapshot | null;
  }
  async function diff(from: string, to?: string): Promise<Diff> {
    const body = await send(DIFF, { chain: CHAIN, from, to });
    expect(body.errors).toBeUndefined();
    return body.data?.chainDiff as Diff;
  }
  const codeOf = async (query: string, variables: Record<string, unknown>): Promise<unknown> =>
    (await send(query, variables)).errors?.[0]?.extensions?.code;
  const statusOf = (snap: Snapshot | null, segment = MAIN): string | undefined =>
    snap?.segments.find((s) => s.segment.id === segment)?.status;
  /** A time strictly between the change before and the one after (the log's clock is this machine's). */
  async function mark(): Promise<string> {
    await pause(5);
    const at = new Date().toISOString();
    await pause(5);
    return at;
  }
  const upsertProject = (status: string): Promise<void> =>
    write(
      `mutation { upsertProject(input: { id: "${FIVE_AXIS}", name: "${FIVE_AXIS_NAME}", status: "${status}" }, source: "${SOURCE}") { id } }`,
    );
  const linkTo = (type: string, from: string, to: string, extra = ''): Promise<void> =>
    write(
      `mutation { link(input: { type: ${type}, from: "${from}", to: "${to}", source: "${SOURCE}"${extra} }) { type } }`,
    );
  const unlinkFrom = (type: string, from: string, to: string): Promise<void> =>
    write(`mutation { unlink(input: { type: ${type}, from: "${from}", to: "${to}", source: "${SOURCE}" }) }`);

  /** The live answer after each step, with the time just after it. */
  const steps: { name: string; at: string; live: Snapshot }[] = [];
  async function step(name: string): Promise<Snapshot> {
    const at = await mark();
    const live = (await snapshot()) as Snapshot;
    steps.push({ name, at, live });
    return live;
  }

  it('plays the article: the five-axis project signed fills 高端主机 (FILLING), two local firms cover it (COVERED)', async () => {
    await step('seeded');
    await upsertProject('PLANNED');
    expect(statusOf(await step('before signing'))).toBe('MISSING');
    await upsertProject('SIGNED');
    expect(statusOf(await step('signed'))).toBe('FILLING');
    await linkTo('OPERATES_IN', LIDING, MAIN);
    await linkTo('OPERATES_IN', YUNDING, MAIN);
    expect(statusOf(await step('two firms'))).toBe('COVERED');
    await upsertProject('BUILDING');
    await step('building');
    // More kinds of change, each to be undone: a new firm, a link's properties set, a firm deleted, an unlink.
    await write(
      `mutation { upsertEnterprise(input: { id: "${NEWCO}", name: "青岛新数控有限公司" }, source: "${SOURCE}") { id } }`,
    );
    await linkTo('LOCATED_IN', NEWCO, ZONE);
    await linkTo('OPERATES_IN', NEWCO, 'seg:cnc-machine-tools.cnc-systems');
    await linkTo('FILLS', FIVE_AXIS, MAIN, ', note: "签约落地"');
    await step('new firm');
    await write(`mutation { deleteEnterprise(id: "${YUNDING}", source: "${SOURCE}") }`);
    await unlinkFrom('OPERATES_IN', LIDING, MAIN);
    expect(statusOf(await step('firms gone'))).toBe('FILLING');
  });

  it('answers as of every step exactly what the live map answered then', async () => {
    expect(steps.length).toBe(7);
    for (const { name, at, live } of steps) {
      expect({ name, answer: await snapshot(at) }).toEqual({ name, answer: live });
    }
    // As of now is the live map.
    expect(await snapshot(new Date().toISOString())).toEqual(await snapshot());
  });

  it('diffs the article: 高端主机 MISSING → COVERED, two firms entered, the project PLANNED → SIGNED', async () => {
    const [, before, signed, covered, building] = steps;
    const d = await diff(before.at, covered.at);
    const main = d.segments.find((s) => s.segment.id === MAIN);
    expect(main).toMatchObject({ from: 'MISSING', to: 'COVERED', move: 'CLOSED' });
    // Every segment whose status differs between the two live maps, and no other.
    const changed = before.live.segments
      .filter((s, i) => s.status !== covered.live.segments[i]?.status)
      .map((s) => s.segment.id);
    expect(d.segments.map((s) => s.segment.id)).toEqual(changed);
    const entered = d.enterprises.map((e) => [e.segment.id, e.enterprise.id, e.move].join(' '));
    expect(entered.sort()).toEqual([`${MAIN} ${LIDING} ENTERED`, `${MAIN} ${YUNDING} ENTERED`].sort());
    expect(d.projects.map((p) => [p.project.id, p.from, p.to])).toEqual([[FIVE_AXIS, 'PLANNED', 'SIGNED']]);
    // Attribution: the sign-off and the two links, by the planner's key, citing the article.
    expect(d.changes.length).toBe(3);
    expect(main?.changes.map((c) => c.seq)).toEqual(d.changes.map((c) => c.seq));
    expect(main?.changes.every((c) => c.seq.length > 0)).toBe(true);
    expect(d.segments[0]?.changes[0]).toMatchObject({
      actorRole: 'editor',
      actorName: 'planner',
      source: SOURCE,
    });
    for (const e of d.enterprises) expect(e.changes).toHaveLength(1);
    expect(d.projects[0]?.changes).toHaveLength(1);

    // Signed to covered: FILLING → COVERED, no project moved.
    const later = await diff(signed.at, covered.at);
    expect(later.segments).toEqual([
      expect.objectContaining({ from: 'FILLING', to: 'COVERED', move: 'CLOSED' }),
    ]);
    expect(later.projects).toEqual([]);
    // The status update later shows in a diff of its own; the map's statuses did not move.
    const moved = await diff(covered.at, building.at);
    expect(moved.segments).toEqual([]);
    expect(moved.projects.map((p) => [p.project.id, p.from, p.to])).toEqual([
      [FIVE_AXIS, 'SIGNED', 'BUILDING'],
    ]);
    // To now by default: the firms left again, and the gap reopened from COVERED to FILLING.
    const sinceCovered = await diff(covered.at);
    expect(sinceCovered.segments.find((s) => s.segment.id === MAIN)).toMatchObject({
      from: 'COVERED',
      to: 'FILLING',
      move: 'OPENED',
    });
    expect(
      sinceCovered.enterprises
        .filter((e) => e.move === 'LEFT')
        .map((e) => e.enterprise.id)
        .sort(),
    ).toEqual([LIDING, YUNDING].sort());
  });

  it('leaves nothing behind: the graph and the log unchanged, a concurrent reader sees none of it', async () => {
    const counts = await graphCounts(db);
    const logged = await changeCount(db);
    const live = await snapshot();
    const readers = Array.from({ length: 20 }, async (_, i) => {
      await pause(i * 3);
      return { counts: await graphCounts(db), live: await snapshot() };
    });
    const past = steps.map((s) => snapshot(s.at));
    const seen = await Promise.all(readers);
    await Promise.all(past);
    for (const s of seen) expect(s).toEqual({ counts, live });
    expect(await graphCounts(db)).toEqual(counts);
    expect(await changeCount(db)).toBe(logged);
  });

  it('never commits a rehearsal, even when its work returns normally or fails', async () => {
    const probes = { name: 'test/probes', cypher: 'MATCH (p:AsOfProbe) RETURN count(p) AS n' };
    const seen = await db.rehearse('test/rehearsal', async (tx) => {
      await tx.run({ name: 'test/probe', cypher: 'CREATE (:AsOfProbe)' });
      const inside = await tx.run<{ n: number }>(probes);
      const outside = await db.read<{ n: number }>(probes);
      return { inside: inside[0]?.n, outside: outside[0]?.n };
    });
    expect(seen).toEqual({ inside: 1, outside: 0 });
    await expect(
      db.rehearse('test/rehearsal', async (tx) => {
        await tx.run({ name: 'test/probe', cypher: 'CREATE (:AsOfProbe)' });
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect((await db.read<{ n: number }>(probes))[0]?.n).toBe(0);
  });

  it('refuses bad input with a code, as a careless client would send it', async () => {
    const now = new Date().toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await codeOf(SNAPSHOT, { chain: 'chain:nowhere.none', asOf: now })).toBe('NOT_FOUND');
    expect(await codeOf(SNAPSHOT, { chain: 'not an id', asOf: now })).toBe('BAD_USER_INPUT');
    expect(await codeOf(SNAPSHOT, { chain: CHAIN, asOf: future })).toBe('BAD_USER_INPUT');
    expect(await codeOf(SNAPSHOT, { chain: CHAIN, asOf: 'yesterday' })).toBe('BAD_USER_INPUT');
    expect(await codeOf(DIFF, { chain: CHAIN, from: future })).toBe('BAD_USER_INPUT');
    expect(await codeOf(DIFF, { chain: CHAIN, from: now, to: steps[0]?.at })).toBe('BAD_USER_INPUT');
    expect(await codeOf(DIFF, { chain: 'chain:nowhere.none', from: steps[0]?.at })).toBe('NOT_FOUND');
    // Before the seed: the seed is logged with counts only, so the past before it cannot be rebuilt.
    const body = await send(SNAPSHOT, { chain: CHAIN, asOf: '2020-01-01T00:00:00Z' });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'HISTORY_UNAVAILABLE', seq: 1, op: 'SEED' });
    expect(body.errors?.[0]?.message).toContain('change 1 (SEED');
  });

  it('answers null for a chain made after the time asked, and the chain as it is after', async () => {
    const chain = 'chain:qingdao-htz.asof-new-chain';
    const before = await mark();
    await write(
      `mutation { upsertIndustryChain(input: { id: "${chain}", name: "青岛新产业链" }, source: "${SOURCE}") { id } }`,
    );
    expect(await snapshot(before, chain)).toBeNull();
    expect(await snapshot(await mark(), chain)).toEqual(await snapshot(undefined, chain));
  });

  it('refuses a past across an import, naming it, and a past older than the retention', async () => {
    const beforeImport = await mark();
    const content = JSON.stringify({
      nodes: { Enterprise: [{ id: 'ent:qingdao-htz.asof-imported', name: '导入企业', sources: [SOURCE] }] },
      relationships: { LOCATED_IN: [{ from: 'ent:qingdao-htz.asof-imported', to: ZONE, sources: [SOURCE] }] },
    });
    await write(
      'mutation ($c: String!) { importData(format: JSON, content: $c, dryRun: false) { written } }',
      {
        c: content,
      },
    );
    const across = await send(SNAPSHOT, { chain: CHAIN, asOf: beforeImport });
    expect(across.errors?.[0]?.extensions).toMatchObject({ code: 'HISTORY_UNAVAILABLE', op: 'IMPORT' });
    const afterImport = await mark();
    expect(await snapshot(afterImport)).toEqual(await snapshot());

    // Retention removes what came before the import: a time before it is gone, one after still answers.
    await pruneChanges(db, 0, new Date(afterImport));
    const gone = await send(SNAPSHOT, { chain: CHAIN, asOf: steps[3]?.at });
    expect(gone.errors?.[0]?.extensions?.code).toBe('HISTORY_UNAVAILABLE');
    expect(gone.errors?.[0]?.message).toContain('retention');
    const diffGone = await send(DIFF, { chain: CHAIN, from: steps[3]?.at });
    expect(diffGone.errors?.[0]?.extensions?.code).toBe('HISTORY_UNAVAILABLE');
  });
});
