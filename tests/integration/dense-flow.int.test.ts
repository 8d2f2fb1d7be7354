import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bulkImport } from '../../src/import/bulk';
import { SeedValidationError, type SeedProblem } from '../../src/import/format';
import { importFiles, parseImport } from '../../src/import/import';
import { invariantViolations } from '../../src/import/invariants';
import { graphCounts, resetDatabase, testGateway } from '../support/db';
import {
  backEdges,
  DAG_SOURCE,
  dagDocument,
  denseDag,
  naiveAcyclic,
  type FlowEdge,
} from '../support/dense-dag';
import { startTestServer, type GraphQLBody, type TestServer } from '../support/server';

const EDITOR = 'editor-key-0123456789abcdef';

/**
 * The invariant checks on a dense segment flow (issue 24): a DAG of 346 segments and 2,843 FEEDS edges,
 * the size on which the whole-graph check ran past two minutes. Each path must accept it quickly and
 * refuse it, with every cycle listed once, when mutual pairs and longer back edges are added. The times
 * are printed, never asserted: the machine is shared.
 */
describe('invariants on a dense segment flow (real database)', () => {
  const gateway = testGateway(120_000);
  const root = mkdtempSync(path.join(tmpdir(), 'dense-flow-'));
  const dag = denseDag();
  // 60 mutual pairs sharing no segment and 20 longer back edges: at least 60 distinct cycles.
  const back = backEdges(dag, { pairs: 60, long: 20 });
  const times: string[] = [];
  const timed = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await run();
    } finally {
      times.push(`${what}: ${Date.now() - started} ms`);
    }
  };

  /** The small import: validated, written and checked in one transaction. */
  const small = (doc: unknown) => importFiles(gateway, [parseImport('dag.json', JSON.stringify(doc))], false);
  /** A folder holding one JSON file, for a bulk import. */
  const folder = (name: string, doc: unknown): string => {
    const dir = path.join(root, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'dag.json'), JSON.stringify(doc));
    return dir;
  };
  /** Runs a load that must be refused, checks it wrote nothing, and returns its FEEDS problems. */
  const refused = async (load: () => Promise<unknown>): Promise<SeedProblem[]> => {
    const before = await graphCounts(gateway);
    const error = await load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    const { problems, total, message } = error as SeedValidationError;
    expect(message).toContain(`(${total} problems)`);
    expect(await graphCounts(gateway)).toEqual(before);
    times.push(`  its problems: ${total}`);
    return problems.filter((p) => p.field === 'FEEDS');
  };
  /** The edge an input row holds, from the end of its record ("… a->b"). */
  const rowEdge = (record: string): FlowEdge => {
    const [from = '', to = ''] = (record.split(' ').pop() ?? '').split('->');
    return { from, to };
  };
  const key = (e: FlowEdge): string => `${e.from}>${e.to}`;
  /** Every cycle a message shows in full runs along edges that exist. */
  const expectRealCycles = (problems: SeedProblem[], edges: readonly FlowEdge[]): void => {
    const present = new Set(edges.map(key));
    for (const { message } of problems) {
      // The small import adds where a database finding came from: "(a->b, with what the database holds)".
      const shown = message.replace(/^(forms|closes) a cycle: /, '').replace(/ \(.*\)$/, '');
      const cycle = shown.split(' -> ');
      if (cycle.some((n) => n.startsWith('…'))) continue;
      expect(cycle[0]).toBe(cycle[cycle.length - 1]);
      for (let i = 0; i + 1 < cycle.length; i += 1)
        expect(present.has(key({ from: cycle[i] ?? '', to: cycle[i + 1] ?? '' }))).toBe(true);
    }
  };
  /**
   * A refusal of the whole set with its cycles: every cycle closes on an input row, each named once, and
   * without the rows named the input is acyclic, so no cycle went unlisted.
   */
  const expectEveryCycleOnce = (problems: SeedProblem[]): void => {
    const all = [...dag.feeds, ...back];
    expect(problems.length).toBeGreaterThanOrEqual(60);
    const named = problems.map((p) => key(rowEdge(p.record)));
    expect(new Set(named).size).toBe(problems.length);
    expect(naiveAcyclic(all.filter((e) => !named.includes(key(e))))).toBe(true);
    expectRealCycles(problems, all);
  };

  beforeAll(async () => {
    await resetDatabase(gateway);
  });
  afterAll(async () => {
    await gateway.close();
    rmSync(root, { recursive: true, force: true });
    process.stdout.write(
      `\ndense flow: ${dag.order.length} segments, ${dag.feeds.length} FEEDS, ${back.length} back edges\n  ${times.join('\n  ')}\n`,
    );
  });

  it('accepts the DAG through the small import, each added edge checked in its transaction', async () => {
    expect(naiveAcyclic(dag.feeds)).toBe(true);
    const report = await timed('small import of the DAG (whole)', () => small(dagDocument(dag)));
    expect(report).toMatchObject({ written: true, relationships: dag.feeds.length });
    const added = dag.feeds.map((e) => ({ type: 'FEEDS', ...e }));
    const found = await timed(`in-transaction check of ${added.length} FEEDS`, () =>
      gateway.writeAll('test/check', (tx) => invariantViolations(tx, added)),
    );
    expect(found).toEqual([]);
  }, 180_000);

  it('refuses back edges onto the stored DAG in the transaction, naming every one once', async () => {
    const doc = dagDocument({ order: [], feeds: [] }, back);
    // Alone, the back edges are acyclic: only the database's own check can find their cycles.
    expect(naiveAcyclic(back)).toBe(true);
    const problems = await timed(`small import of ${back.length} back edges (refused)`, () =>
      refused(() => small(doc)),
    );
    expect(problems.map((p) => key(rowEdge(p.record))).sort()).toEqual(back.map(key).sort());
    for (const p of problems) expect(p.message).toMatch(/^closes a cycle: /);
    expectRealCycles(problems, [...dag.feeds, ...back]);
  }, 180_000);

  it('checks one added FEEDS edge in the transaction: one closing a cycle is found, one that does not passes', async () => {
    const [first] = dag.feeds;
    if (!first) throw new Error('no edge');
    const closing = { type: 'FEEDS', from: first.to, to: first.from };
    // Earlier to later in the order: it cannot close a cycle.
    const along = { type: 'FEEDS', from: dag.order[0] ?? '', to: dag.order[dag.order.length - 1] ?? '' };
    /** Adds the edge and checks it in a transaction that is then rolled back. */
    const check = (edge: typeof closing) =>
      gateway
        .writeAll('test/link-check', async (tx) => {
          await tx.run({
            name: 'test/feed',
            cypher: 'MATCH (a:ChainSegment {id: $from}), (b:ChainSegment {id: $to}) MERGE (a)-[:FEEDS]->(b)',
            params: edge,
          });
          throw new Rollback(await invariantViolations(tx, [edge]));
        })
        .catch((e: unknown) => (e as Rollback).problems);
    const found = await timed('in-transaction check of one FEEDS closing a cycle', () => check(closing));
    expect(found).toEqual([
      expect.objectContaining({
        record: `${closing.from}->${closing.to}`,
        message: `closes a cycle: ${closing.from} -> ${closing.to} -> ${closing.from}`,
      }),
    ]);
    expect(await timed('in-transaction check of one FEEDS along the flow', () => check(along))).toEqual([]);
  });

  it('refuses the DAG with its cycles through the small import, listing every cycle once', async () => {
    await resetDatabase(gateway);
    const problems = await timed(`small import of the DAG and ${back.length} back edges (refused)`, () =>
      refused(() => small(dagDocument(dag, back))),
    );
    expectEveryCycleOnce(problems);
  }, 180_000);

  it('accepts the DAG through the bulk import, and refuses it with its cycles, listing every cycle once', async () => {
    const cyclic = folder('cyclic', dagDocument(dag, back));
    const problems = await timed('bulk import of the DAG and its back edges (refused)', () =>
      refused(() => bulkImport(gateway, [cyclic])),
    );
    expectEveryCycleOnce(problems);
    const report = await timed('bulk import of the DAG (whole)', () =>
      bulkImport(gateway, [folder('dag', dagDocument(dag))]),
    );
    expect(report).toMatchObject({ written: true, relationships: dag.feeds.length });
    times.push(`bulk import pre-check of the DAG: ${report.validateMs} ms`);
  }, 180_000);

  it('refuses back edges onto the stored DAG in the bulk pre-check, listing each cycle once', async () => {
    const onto = folder('onto', dagDocument({ order: [], feeds: [] }, back));
    const problems = await timed(`bulk import of ${back.length} back edges onto the DAG (refused)`, () =>
      refused(() => bulkImport(gateway, [onto])),
    );
    // A cycle may close on a stored edge and be named by an input row on it, so rows may repeat; the
    // cycles may not.
    expect(problems.length).toBeGreaterThanOrEqual(60);
    expect(new Set(problems.map((p) => p.message)).size).toBe(problems.length);
    const inputRows = new Set(back.map(key));
    for (const p of problems) expect(inputRows.has(key(rowEdge(p.record)))).toBe(true);
    expectRealCycles(problems, [...dag.feeds, ...back]);
  }, 180_000);

  describe('link, on a dense Party hierarchy (FEEDS is not maintained through the API)', () => {
    const orgs = denseDag({ prefix: 'org', seed: 25 });
    let server: TestServer;
    beforeAll(async () => {
      await resetDatabase(gateway);
      await importFiles(
        gateway,
        [parseImport('orgs.json', JSON.stringify(dagDocument(orgs, [], 'REPORTS_TO')))],
        false,
      );
      server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR}` });
    }, 180_000);
    afterAll(async () => {
      await server.close();
    });
    const link = async (from: string, to: string): Promise<GraphQLBody> => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR}` },
        body: JSON.stringify({
          query: `mutation { link(input: { type: REPORTS_TO, from: "${from}", to: "${to}", source: "${DAG_SOURCE}" }) { type } }`,
        }),
      });
      return (await response.json()) as GraphQLBody;
    };

    it('refuses a link that closes a cycle (CONFLICT) and accepts one along the hierarchy', async () => {
      const [first] = orgs.feeds;
      if (!first) throw new Error('no edge');
      const before = await graphCounts(gateway);
      const refusedBody = await timed('link closing a cycle (refused)', () => link(first.to, first.from));
      expect(refusedBody.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refusedBody.errors?.[0]?.message).toContain(
        `${first.to}->${first.from} REPORTS_TO: closes a cycle`,
      );
      expect(await graphCounts(gateway)).toEqual(before);
      const from = orgs.order[0] ?? '';
      const to = orgs.order[orgs.order.length - 1] ?? '';
      const accepted = await timed('link along the hierarchy (accepted)', () => link(from, to));
      expect(accepted.errors).toBeUndefined();
    }, 60_000);
  });
});

/** Carries a check's answer out of a transaction that must not commit. */
class Rollback extends Error {
  constructor(readonly problems: SeedProblem[]) {
    super('rolled back');
  }
}
