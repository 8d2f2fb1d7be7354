import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importSmallSet } from '../../bench/data';
import { checkAggregates } from '../../src/aggregates/check';
import { foldDeltas, startFolder } from '../../src/aggregates/fold';
import { recountAll, recountTouched, TouchedSet } from '../../src/aggregates/keep';
import { bulkImport } from '../../src/import/bulk';
import { SeedValidationError } from '../../src/import/format';
import { testGateway } from '../support/db';
import { countedTallies, differences, pendingDeltas, storedTallies } from '../support/aggregates';
import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';

const EDITOR = 'editor-key-aggregates-0123456789';
const SOURCE = 'source:003-baiyin-party-chain';
const SEED = Number(process.env.AGGREGATES_SEED ?? 20261203);
const STEPS = Number(process.env.AGGREGATES_STEPS ?? 160);
/** The most writes of one concurrent batch. */
const BATCH = 50;

/** The map's whole selection, firms and projects included, so every part read from tallies is compared. */
const SNAPSHOT = `query ($id: ID!) { chainSnapshot(chainId: $id) {
  covered weak filling missing
  segments { segment { id } status gapType enterpriseCount enterprises { id } projects { id status }
    score { total localScale linkage innovation } }
} }`;
const GAPS = `query ($id: ID!) { chainGaps(chainId: $id) { segment { id } status gapType enterpriseCount score { total } } }`;
const COVERAGE = `query ($id: ID!) { partyCoverage(id: $id) {
  enterprises withPartyOrganization partyOrganizationShare jointCommittees inJointCommittee jointCommitteeShare
  figures { metric value basis }
} }`;
const COMPARE = `query ($ids: [ID!]!) { compareParks(ids: $ids) {
  park { id } chains segments covered weak gaps committees institutions enterprises
} }`;

let server: TestServer;
const gateway = testGateway(60_000);

async function send(
  query: string,
  variables?: Record<string, unknown>,
  to: TestServer = server,
): Promise<GraphQLBody> {
  const response = await fetch(`${to.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLBody;
}

async function ids(cypher: string): Promise<string[]> {
  const rows = await gateway.read<{ id: string }>({ name: 'test/aggregates/ids', cypher });
  return rows.map((r) => r.id);
}

/** Every answer read from the aggregates, beside the same answer counted from the graph. */
async function analysesBothWays(): Promise<{ tallied: unknown[]; counted: unknown[] }> {
  const chains = await ids('MATCH (c:IndustryChain) RETURN c.id AS id ORDER BY id');
  const parks = await ids('MATCH (p:Park) RETURN p.id AS id ORDER BY id');
  const ask = async (to: TestServer): Promise<unknown[]> => {
    const out: unknown[] = [];
    const at = (query: string, variables: Record<string, unknown>): Promise<GraphQLBody> =>
      send(query, variables, to);
    for (const id of chains) {
      out.push(await at(SNAPSHOT, { id }), await at(GAPS, { id }), await at(COVERAGE, { id }));
    }
    for (const id of parks) out.push(await at(COVERAGE, { id }));
    for (let i = 0; i < parks.length; i += 5) out.push(await at(COMPARE, { ids: parks.slice(i, i + 5) }));
    return out;
  };
  const tallied = await ask(server);
  // A second service over the same database, run without the aggregates: it counts every answer.
  const counting = await startTestServer(testGateway(), {
    API_KEYS: `editor:${EDITOR}`,
    AGGREGATES: 'false',
  });
  try {
    return { tallied, counted: await ask(counting) };
  } finally {
    await counting.close();
  }
}

/** The aggregates as read (folded plus pending, or folded alone) against a fresh naive count. */
async function expectExact(step: string, pending = true): Promise<void> {
  const diff = differences(await storedTallies(gateway, pending), await countedTallies(gateway));
  expect({ step, diff: diff.slice(0, 5), count: diff.length }).toEqual({ step, diff: [], count: 0 });
}

beforeAll(async () => {
  await loadCuratedData();
  // A synthetic set beside the curated one: more zones, parks inside zones, committees and projects.
  await importSmallSet(gateway, { enterprises: 240, seed: 5 });
  server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR}` });
}, 180_000);
afterAll(async () => {
  await server.close();
  await gateway.close();
});

describe('aggregates (real database, curated and synthetic data)', () => {
  it('after the loads, every aggregate equals a fresh count', async () => {
    const stored = await storedTallies(gateway);
    expect(stored.size).toBeGreaterThan(100);
    await expectExact('after the loads');
  });

  it('the analyses read from the aggregates answer exactly as they do counted', async () => {
    const { tallied, counted } = await analysesBothWays();
    expect(tallied.length).toBeGreaterThan(50);
    expect(JSON.stringify(tallied)).not.toContain('"errors"');
    expect(tallied).toEqual(counted);
  }, 300_000);

  it('random writes, alone and concurrent, keep every aggregate exact (fixed seed)', async () => {
    const pools = {
      enterprises: await ids('MATCH (e:Enterprise) RETURN e.id AS id ORDER BY id'),
      projects: await ids('MATCH (p:Project) RETURN p.id AS id ORDER BY id'),
      orgs: await ids('MATCH (o:PartyOrganization) RETURN o.id AS id ORDER BY id'),
      committees: await ids(
        "MATCH (o:PartyOrganization {kind: 'JOINT_COMMITTEE'}) RETURN o.id AS id ORDER BY id",
      ),
      parks: await ids('MATCH (p:Park) RETURN p.id AS id ORDER BY id'),
      segments: await ids('MATCH (s:ChainSegment) RETURN s.id AS id ORDER BY id'),
      chains: await ids('MATCH (c:IndustryChain) RETURN c.id AS id ORDER BY id'),
    };
    const pick = (pool: string[], n: number): string => pool[n % pool.length] ?? '';
    const op = fc.record({
      kind: fc.constantFrom(
        ...([
          'flags',
          'status',
          'link',
          'link',
          'link',
          'unlink',
          'unlink',
          'delete',
          'import',
          'bulk',
          'fold',
          'concurrent',
          'concurrent',
        ] as const),
      ),
      type: fc.constantFrom(
        'OPERATES_IN',
        'LOCATED_IN',
        'CHAIN_MASTER_OF',
        'IN_CHAIN',
        'BELONGS_TO',
        'MEMBER_OF',
        'GOVERNS',
        'FILLS',
        'SUPPLIES',
      ),
      a: fc.nat(),
      b: fc.nat(),
      flag: fc.boolean(),
      status: fc.constantFrom('PLANNED', 'SIGNED', 'BUILDING', 'PRODUCING'),
    });
    type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
    const sequence =
      fc.sample(fc.array(op, { minLength: STEPS, maxLength: STEPS }), { seed: SEED, numRuns: 1 })[0] ?? [];
    let created = 0;
    const ends = (o: Op): [string, string] => {
      const e = pick(pools.enterprises, o.a);
      switch (o.type) {
        case 'OPERATES_IN':
          return [e, pick(pools.segments, o.b)];
        case 'LOCATED_IN':
          return [o.flag ? e : pick(pools.projects, o.a), pick(pools.parks, o.b)];
        case 'CHAIN_MASTER_OF':
        case 'IN_CHAIN':
          return [e, pick(pools.chains, o.b)];
        case 'BELONGS_TO':
          return [pick(pools.orgs, o.b), e];
        case 'MEMBER_OF':
          return [pick(pools.orgs, o.a), pick(pools.committees, o.b)];
        case 'GOVERNS':
          return [pick(pools.committees, o.a), pick(pools.chains, o.b)];
        case 'FILLS':
          return [pick(pools.projects, o.a), pick(pools.segments, o.b)];
        case 'SUPPLIES':
          return [e, pick(pools.enterprises, o.b)];
      }
    };
    const linkOp = (o: Op, mutation: 'link' | 'unlink'): Promise<GraphQLBody> => {
      const [from, to] = ends(o);
      return send(`mutation ($input: LinkInput!) { ${mutation}(input: $input) { __typename } }`, {
        input: { type: o.type, from, to, source: SOURCE },
      }).catch(() => ({}));
    };
    const mutate = async (o: Op): Promise<GraphQLBody> => {
      switch (o.kind) {
        case 'flags':
          return send(
            `mutation ($input: EnterpriseInput!, $source: ID!) { upsertEnterprise(input: $input, source: $source) { id } }`,
            {
              input: {
                id: pick(pools.enterprises, o.a),
                name: `企业${o.a}`,
                highTech: o.flag,
                specialized: !o.flag,
              },
              source: SOURCE,
            },
          );
        case 'status':
          return send(
            `mutation ($input: ProjectInput!, $source: ID!) { upsertProject(input: $input, source: $source) { id } }`,
            {
              input: { id: pick(pools.projects, o.a), name: `项目${o.a}`, status: o.status },
              source: SOURCE,
            },
          );
        case 'link':
          return linkOp(o, 'link');
        case 'unlink':
          return linkOp(o, 'unlink');
        case 'delete': {
          // Mostly firms, projects and organisations; now and then a segment or a park, whose delete reaches far.
          const [label, pool] =
            o.b % 10 === 0
              ? (['ChainSegment', pools.segments] as const)
              : o.b % 10 === 1
                ? (['Park', pools.parks] as const)
                : (
                    [
                      ['Enterprise', pools.enterprises],
                      ['Project', pools.projects],
                      ['PartyOrganization', pools.orgs],
                    ] as const
                  )[o.b % 3];
          const id = pick(pool, o.a);
          const body = await send(
            `mutation ($id: ID!, $source: ID!) { delete${label}(id: $id, source: $source) }`,
            {
              id,
              source: SOURCE,
            },
          );
          // Later steps draw from what is left (a write naming a deleted node is refused, and proves less).
          if (body.data?.[`delete${label}`] === true && pool.length > 1) pool.splice(pool.indexOf(id), 1);
          return body;
        }
        case 'import':
          return send('mutation ($c: String!) { importData(format: JSON, content: $c) { nodes written } }', {
            c: JSON.stringify(newFirms(o, 3)),
          });
        default:
          return {};
      }
    };
    /** New firms with a location, a segment, a chain and flags: an import's rows, as a seed file. */
    const newFirms = (o: Op, n: number): Record<string, unknown> => {
      const firms = Array.from({ length: n }, (_, i) => `ent:agg-${(created += 1)}-${i}`);
      pools.enterprises.push(...firms);
      return {
        nodes: {
          Enterprise: firms.map((id, i) => ({
            id,
            name: `汇总测试企业${id}`,
            highTech: (o.a + i) % 2 === 0,
            sources: [SOURCE],
          })),
        },
        relationships: {
          LOCATED_IN: firms.map((id, i) => ({ from: id, to: pick(pools.parks, o.b + i), sources: [SOURCE] })),
          OPERATES_IN: firms.map((id, i) => ({
            from: id,
            to: pick(pools.segments, o.a + i),
            sources: [SOURCE],
          })),
          IN_CHAIN: firms.map((id, i) => ({
            from: id,
            to: pick(pools.chains, o.b + 2 * i),
            sources: [SOURCE],
          })),
        },
      };
    };
    /** Recounts some zones and chains as the bulk import does: those of a firm and of a chain. */
    const recountSome = (o: Op): Promise<number> => {
      const touched = new TouchedSet();
      touched.relationship(
        'LOCATED_IN',
        { label: 'Enterprise', id: pick(pools.enterprises, o.b) },
        { label: 'Park', id: pick(pools.parks, o.a) },
      );
      touched.relationship(
        'HAS_CHAIN',
        { label: 'Park', id: pick(pools.parks, o.a) },
        { label: 'IndustryChain', id: pick(pools.chains, o.b) },
      );
      return recountTouched(gateway, touched);
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'aggregates-'));
    let answered = 0;
    let concurrentWrites = 0;
    let folds = 0;
    let recounts = 0;
    try {
      for (const [i, o] of sequence.entries()) {
        if (o.kind === 'concurrent') {
          // Up to BATCH writes at once, drawn afresh: half on a few overlapping subjects, half spread
          // over the pools (most firms share a zone with many others). Now and then a fold, two folders,
          // or a recount runs beside them; the oracle compares after all have ended.
          const size = 2 + (o.b % (BATCH - 1));
          const drawn = fc.sample(op, { seed: SEED + i, numRuns: size });
          const batch = drawn.filter(
            (x) => x.kind !== 'concurrent' && x.kind !== 'bulk' && x.kind !== 'fold',
          );
          const beside: Promise<unknown>[] = [];
          if (o.a % 3 === 0) beside.push(foldDeltas(gateway));
          if (o.a % 5 === 0) beside.push(foldDeltas(gateway), foldDeltas(gateway));
          if (o.a % 7 === 0) beside.push(recountAll(gateway).then(() => (recounts += 1)));
          else if (o.a % 7 === 1) beside.push(recountSome(o).then(() => (recounts += 1)));
          folds += beside.length;
          const [answers] = await Promise.all([
            Promise.all(batch.map((x) => mutate({ ...x, a: x.b % 2 === 0 ? o.a + (x.a % 3) : x.a }))),
            Promise.all(beside),
          ]);
          answered += answers.filter((r) => r.data && !r.errors).length;
          concurrentWrites += batch.length;
          // Now and then the background folder too, stopped before the check reads (see the README's limit).
          if (o.a % 4 === 0) {
            const stop = startFolder(gateway, { everyMs: 10 });
            await new Promise((resolve) => setTimeout(resolve, 100));
            await stop();
          }
        } else if (o.kind === 'fold') {
          await foldDeltas(gateway);
          folds += 1;
          // Nothing else writes: every delta is folded, and the tallies alone are exact.
          expect(await pendingDeltas(gateway)).toBe(0);
          await expectExact(`step ${i}: folded`, false);
        } else if (o.kind === 'bulk') {
          const file = path.join(dir, `bulk-${i}.json`);
          writeFileSync(file, JSON.stringify(newFirms(o, 5)));
          // A concurrent delete may have taken a park it names: then it is refused whole, which is checked too.
          const done = await bulkImport(gateway, [file], { batchSize: 2 }).then(
            () => true,
            (error: unknown) => {
              if (error instanceof SeedValidationError) return false;
              throw error;
            },
          );
          if (done) answered += 1;
        } else {
          const body = await mutate(o);
          if (body.data && !body.errors) answered += 1;
        }
        await expectExact(`step ${i}: ${JSON.stringify(o)}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(
      `aggregates oracle: ${STEPS} steps, ${answered} writes answered, ${concurrentWrites} in concurrent batches, ${folds} folds and ${recounts} recounts beside or between them, ${await pendingDeltas(gateway)} deltas pending at the end`,
    );
    // Refusals (a link an invariant forbids, an unlink of nothing) are fine; most writes must land.
    expect(answered).toBeGreaterThan(STEPS / 3);
    expect(concurrentWrites).toBeGreaterThan(200);
    expect(recounts).toBeGreaterThan(0);
    // And after it all, the analyses still answer from the aggregates as they do counted.
    const { tallied, counted } = await analysesBothWays();
    expect(tallied).toEqual(counted);
  }, 900_000);

  it('the check finds what was broken, the repair fixes it and says what it fixed', async () => {
    // Folded first: a tally deleted beside pending deltas of its key would read as those deltas, not as missing.
    await foldDeltas(gateway);
    const [some] = await gateway.read<{ key: string }>({
      name: 'test/aggregates/some',
      cypher:
        "MATCH (t:Tally) WHERE t.key STARTS WITH 'zs:' AND t.firms > 0 RETURN t.key AS key ORDER BY key LIMIT 1",
    });
    const [gone] = await gateway.read<{ key: string }>({
      name: 'test/aggregates/gone',
      cypher: "MATCH (t:Tally) WHERE t.key STARTS WITH 'z:' RETURN t.key AS key ORDER BY key DESC LIMIT 1",
    });
    await gateway.write({
      name: 'test/aggregates/break',
      cypher: `MATCH (a:Tally {key: $some}) SET a.firms = a.firms + 7
        WITH count(*) AS x MATCH (b:Tally {key: $gone}) DELETE b
        WITH count(*) AS y CREATE (:Tally {key: 'c:chain:no-such', chain: 'chain:no-such', firms: 3, masters: 0, specialized: 0,
          highTech: 0, withOrg: 0, orgs: 0, onChains: 0, inCommittee: 0, projects: 0, signed: 0, building: 0, producing: 0})`,
      params: { some: some?.key, gone: gone?.key },
    });
    const found = await checkAggregates(gateway);
    expect(found.mismatches.map((m) => m.key).sort()).toEqual(
      [some?.key, gone?.key, 'c:chain:no-such'].sort(),
    );
    const broken = found.mismatches.find((m) => m.key === some?.key);
    expect((broken?.stored?.firms ?? 0) - (broken?.counted?.firms ?? 0)).toBe(7);
    expect(found.mismatches.find((m) => m.key === gone?.key)?.stored).toBeNull();
    const repaired = await checkAggregates(gateway, { repair: true });
    expect(repaired.repaired).toBe(true);
    expect(repaired.mismatches).toHaveLength(3);
    await expectExact('after the repair');
    expect((await checkAggregates(gateway)).mismatches).toEqual([]);
  }, 300_000);
});
