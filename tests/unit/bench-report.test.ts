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

  it("checks issue 24's write targets with their margins, on upsertEnterprise and importData", () => {
    const f: Figures = {
      shapes: [
        {
          shape: 'upsertEnterprise',
          title: 'upsert',
          write: true,
          load: { ours: run(300, 40), oursNoLog: run(360, 30), oursNoAgg: run(400, 30), floor: run(500, 20) },
          statementsPerRequest: {},
          rssMb: {},
        },
        {
          shape: 'importData',
          title: 'import',
          write: true,
          load: { ours: run(28, 400) },
          statementsPerRequest: {},
          rssMb: {},
        },
      ],
      concurrency: 8,
      coldStartMs: {},
      maxRssMb: {},
    };
    const by = Object.fromEntries(checkTargets(f).map((t) => [t.name, t]));
    expect(by['upsertEnterprise: (a) throughput >= 0.5x (d), as served']).toMatchObject({ pass: true });
    expect(by['upsertEnterprise: (a) throughput >= 0.5x (d), as served']?.detail).toBe(
      '300.0 vs 500.0 req/s, concurrency 8 = 0.60x (margin 0.10x)',
    );
    expect(by["upsertEnterprise: the change log costs <= 20.0% of (a')'s throughput"]).toMatchObject({
      pass: true,
      detail: '300.0 vs 360.0 req/s, 16.7% fewer (margin 3.3 points), concurrency 8',
    });
    expect(by["upsertEnterprise: the aggregates cost <= 20.0% of (a'')'s throughput"]).toMatchObject({
      pass: false,
      detail: '300.0 vs 400.0 req/s, 25.0% fewer (margin -5.0 points), concurrency 8',
    });
    expect(by['importData: (a) >= 30000 rows/s, as served']).toMatchObject({
      pass: false,
      detail: '28000 rows/s, 1000 rows a request (margin -2000 rows/s, concurrency 8)',
    });
  });

  it('checks the feed delay and the takeover, and prints the processes side by side', () => {
    const spread = (p50Ms: number, p95Ms: number) => ({ count: 100, p50Ms, p95Ms, maxMs: p95Ms * 2 });
    const f: Figures = {
      shapes: [],
      coldStartMs: {},
      maxRssMb: {},
      feed: {
        writes: run(200, 50),
        acknowledged: 100,
        seen: 100,
        missing: 0,
        missingInLog: 0,
        skipped: [],
        seenBeforeAck: 3,
        delay: spread(40, 90),
        poll: spread(3, 8),
      },
      processes: [
        { shape: 'entity', processes: 1, load: run(400, 20) },
        { shape: 'entity', processes: 2, load: run(500, 18) },
      ],
      takeover: {
        takeoverMs: 3500,
        killed: 'host/1/a',
        holderAfter: 'host/2/b',
        sent: 500,
        acknowledged: 495,
        failed: 5,
        missing: 0,
        repeated: 0,
        failedInFeed: 2,
        firstSeq: 11,
        lastSeq: 507,
        gaps: 0,
        repeatedSeqs: 0,
        skipped: [],
        log: { missing: 0, repeated: 0, gaps: 0, unnumbered: 0 },
      },
    };
    const targets = checkTargets(f);
    const by = Object.fromEntries(targets.map((t) => [t.name, t]));
    expect(by['feed: acknowledged write to visible in the feed, p95 <= 100 ms']).toMatchObject({
      pass: true,
      detail: 'p95 90.0 ms (margin 10.0 ms) over 100 writes',
    });
    expect(by["takeover: sequencer's process killed to the feed advancing <= 5 s"]).toMatchObject({
      pass: true,
      detail: '3500 ms (margin 1500 ms)',
    });
    const once = 'takeover: every acknowledged write in the feed exactly once, numbers gapless';
    expect(by[once]).toMatchObject({ pass: true });
    const report = formatReport(f, targets);
    expect(report).toMatch(/entity\s+400\.0\s+20\.00\s+0\s+500\.0 \(1\.25x\)\s+18\.00\s+0/);
    expect(report).toContain('p50 40.0 ms, p95 90.0 ms, max 180.0 ms');
    // A skipped number in the feed, or a change never seen, fails its target.
    if (f.takeover) f.takeover = { ...f.takeover, gaps: 1, missing: 1, skipped: [42] };
    if (f.feed) f.feed = { ...f.feed, missing: 1, seen: 99, skipped: [7] };
    const failed = Object.fromEntries(checkTargets(f).map((t) => [t.name, t]));
    expect(failed[once]?.pass).toBe(false);
    expect(failed[once]?.detail).toContain('(skipped 42)');
    expect(failed['feed: acknowledged write to visible in the feed, p95 <= 100 ms']).toMatchObject({
      pass: false,
      detail:
        'p95 90.0 ms (margin 10.0 ms) over 100 writes; 1 acknowledged writes never seen (0 not in the log; the feed skipped 7)',
    });
  });
});
