import {
  aggregateCosts,
  changeLogCosts,
  checkTargets,
  formatReport,
  growthRows,
  type Figures,
} from '../../bench/report';
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

  it("prices the aggregates from (a) against (a'') on the write shapes only", () => {
    const f = figures({ ours: run(200, 50), oursNoAgg: run(250, 40) });
    // The read shape entity is no write: (a'') answering it prices nothing.
    expect(aggregateCosts(f)).toEqual([]);
    const shape = f.shapes[0];
    if (shape) shape.write = true;
    expect(aggregateCosts(f)).toEqual([
      'entity: 200.0 vs 250.0 req/s (20.0% fewer), p95 50.00 vs 40.00 ms (+25.0%)',
    ]);
    expect(formatReport(f, checkTargets(f))).toContain("the aggregates' cost, (a) against (a''):");
  });

  it('checks the growth from the median to the largest zone, with the floor beside it', () => {
    const zone = (zoneEnterprises: number) => ({
      label: 'zone',
      zone: `park:z${zoneEnterprises}`,
      zoneEnterprises,
      chain: `chain:c${zoneEnterprises}`,
      chainEnterprises: 1,
    });
    const at = (where: 'median' | 'largest', load: Figures['shapes'][number]['load']) => ({
      shape: `gaps@${where}`,
      title: 'gaps',
      load,
      statementsPerRequest: {},
      rssMb: {},
      growth: { of: 'gaps', at: where },
    });
    const f: Figures = {
      shapes: [
        at('median', { ours: run(400, 20), oursNoAgg: run(400, 20), floor: run(500, 16) }),
        at('largest', { ours: run(250, 30), oursNoAgg: run(40, 200), floor: run(50, 160) }),
      ],
      coldStartMs: {},
      maxRssMb: {},
      growthZones: { median: zone(200), largest: zone(9000) },
    };
    const rows = growthRows(f);
    expect(rows.map((r) => [r.system, r.p50Ratio, r.rpsRatio])).toEqual([
      ['ours', 1.5, 1.6],
      ['oursNoAgg', 10, 10],
      ['floor', 10, 10],
    ]);
    const targets = checkTargets(f);
    const growth = targets.find((t) => t.name === 'gaps: (a) largest zone / median zone <= 2x');
    expect(growth).toMatchObject({ pass: true });
    expect(growth?.detail).toBe(
      'p50 1.50x, req/s 1.60x (margin 0.40x); (d) p50 10.00x, req/s 10.00x; zones of 200 and 9000 enterprises',
    );
    const report = formatReport(f, targets);
    expect(report).toContain('45.0x the enterprises');
    expect(report).toMatch(/gaps\s+\(a''\) without aggregates\s+10\.00\s+100\.00\s+10\.00/);
    // A ratio above the bound on either figure fails.
    const largest = f.shapes[1];
    if (largest) largest.load.ours = run(350, 30);
    expect(checkTargets(f).find((t) => t.name.startsWith('gaps: (a) largest'))?.pass).toBe(true);
    if (largest) largest.load.ours = run(150, 30);
    expect(checkTargets(f).find((t) => t.name.startsWith('gaps: (a) largest'))?.pass).toBe(false);
  });
});
