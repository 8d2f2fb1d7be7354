import { changeLogCosts, checkTargets, formatReport, type Figures } from '../../bench/report';
import type { LoadResult } from '../../bench/load';

const run = (rps: number, p95Ms: number, requests = Math.round(rps * 10)): LoadResult => ({
  requests,
  errors: 0,
  firstError: undefined,
  warmupRequests: 1,
  warmupErrors: 0,
  seconds: 10,
  rps,
  p50Ms: p95Ms / 2,
  p95Ms,
  p99Ms: p95Ms * 1.5,
  maxMs: p95Ms * 2,
});

const figures = (load: Figures['shapes'][number]['load']): Figures => ({
  shapes: [{ shape: 'entity', title: 'by id', load, statementsPerRequest: { ours: 1 }, rssMb: {} }],
  coldStartMs: { ours: 900, floor: 200 },
  maxRssMb: { ours: 260, floor: 100 },
});

describe('the bench targets', () => {
  it('checks (a) against the HTTP floor and @neo4j/graphql with the margins', () => {
    const targets = checkTargets(
      figures({ ours: run(800, 12), floor: run(1000, 10), neo4jGraphql: run(500, 30), cypher: run(3000, 4) }),
    );
    const by = Object.fromEntries(targets.map((t) => [t.name, t]));
    expect(by['entity: (a) throughput >= 0.8x (d)']).toMatchObject({ pass: true });
    expect(by['entity: (a) throughput >= 0.8x (d)']?.detail).toContain('0.80x (margin 0.00x)');
    expect(by['entity: (a) p95 <= 1.25x (d)']).toMatchObject({ pass: true });
    expect(by['entity: (a) throughput >= 2x (b)']).toMatchObject({ pass: false });
    expect(by['(a) cold start <= 1 s']).toMatchObject({ pass: true });
    expect(by['(a) RSS under load <= 250 MB']).toMatchObject({ pass: false });
  });

  it('fails a shape that a system answered nothing of, instead of comparing zeros', () => {
    const silent = { ...run(0, 0, 0), firstError: '(warm-up) ran past its time limit. (TIMEOUT)' };
    const f = figures({ ours: silent, floor: run(2, 3000) });
    const targets = checkTargets(f);
    expect(targets.filter((t) => t.name.startsWith('entity:')).map((t) => [t.name, t.pass])).toEqual([
      ['entity: every system answers within the window', false],
      ['entity: (a) one statement per root field', true],
    ]);
    expect(targets[0]?.detail).toContain('(a) this service (first error: (warm-up) ran past');
    expect(formatReport(f, targets)).not.toContain('NaN');
  });

  it("prices the change log from (a) against (a'), only where both answered", () => {
    const f = figures({ ours: run(300, 40), oursNoLog: run(400, 30), floor: run(500, 20) });
    expect(changeLogCosts(f)).toEqual([
      'entity: 300.0 vs 400.0 req/s (25.0% fewer), p95 40.00 vs 30.00 ms (+33.3%)',
    ]);
    expect(formatReport(f, checkTargets(f))).toContain("the change log's cost, (a) against (a'):");
    expect(changeLogCosts(figures({ ours: run(300, 40), oursNoLog: run(0, 0, 0) }))).toEqual([]);
  });
});
