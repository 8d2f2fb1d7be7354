/**
 * The bench's figures: the table printed to the terminal, the targets checked against them, and the
 * JSON written to bench/results/.
 */
import type { LoadResult } from './load';
import { IMPORT_ROWS } from './shapes-writes';
import type { ZoneTarget } from './zones';

/**
 * In the order each shape runs them: the HTTP APIs, then the raw driver. `oursNoLog` (this service with
 * CHANGE_LOG=false) runs the write shapes only, right after (a), to price the change log; `oursNoAgg`
 * (AGGREGATES=false) runs the write shapes and the map shapes, to price the aggregates on a write and to
 * show the map's growth without them.
 */
export const SYSTEMS = ['ours', 'oursNoLog', 'oursNoAgg', 'neo4jGraphql', 'floor', 'cypher'] as const;
export type System = (typeof SYSTEMS)[number];
/** The systems that are HTTP processes of their own (cold start, RSS). */
export type Api = Exclude<System, 'cypher'>;
const SYSTEM_LABEL: Record<System, string> = {
  ours: '(a) this service',
  oursNoLog: "(a') without change log",
  oursNoAgg: "(a'') without aggregates",
  neo4jGraphql: '(b) @neo4j/graphql',
  floor: '(d) HTTP floor',
  cypher: '(c) raw Cypher',
};

/** The issue's targets, in one place so the table, the checks and the README agree. */
export const TARGETS = {
  /** (a) throughput at least this share of (d)'s. */
  floorThroughput: 0.8,
  /** (a) p95 at most this multiple of (d)'s. */
  floorP95: 1.25,
  /** (a) throughput at least this multiple of (b)'s. */
  neo4jGraphqlThroughput: 2,
  coldStartMs: 1000,
  rssMb: 250,
  importS: 90,
  /** (a) on the largest zone's chain at most this multiple of its cost on the median zone's. */
  growth: 2,
  /**
   * Issue 24, the writes as served (change log and aggregates on) at concurrency 8: upsertEnterprise at
   * least this share of (d)'s throughput, and neither the log nor the aggregates costing it more than
   * this share of (a')'s or (a'')'s throughput.
   */
  upsertFloorThroughput: 0.5,
  changeLogCost: 0.2,
  aggregatesCost: 0.2,
  /** importData, rows written per second by (a). */
  importRowsPerS: 30_000,
  /** A write's change visible to a follower of the feed, p95 from the write's acknowledgement. */
  feedP95Ms: 100,
  /** From the kill of the sequencer's process to the feed advancing through the survivor. */
  takeoverMs: 5_000,
} as const;

export interface ShapeFigures {
  shape: string;
  title: string;
  load: Partial<Record<System, LoadResult>>;
  /** Why (b) cannot express the shape, when it cannot. */
  notExpressible?: string;
  /** Cypher statements (Bolt RUN messages) per request, for (a) and (b). */
  statementsPerRequest: Partial<Record<'ours' | 'neo4jGraphql', number>>;
  /** Max RSS of the API child while this shape ran, MB. */
  rssMb: Partial<Record<Api, number>>;
  /** A write shape: what (a'') prices. */
  write?: boolean;
  /** A growth run: map shape `of` on the chain of the median or the largest zone (Figures.growthZones). */
  growth?: { of: string; at: 'median' | 'largest' };
}

export interface Target {
  name: string;
  pass: boolean;
  /** What was measured against what was required, with the margin. */
  detail: string;
}

/** Percentiles of a set of durations, in ms. */
export interface Spread {
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** The feed's delay: upserts through (a), each from its acknowledgement to a follower seeing its change. */
export interface FeedFigures {
  /** The upserts of the phase, as closedLoop measured them. */
  writes: LoadResult;
  /** Writes started in the measured window and acknowledged. */
  acknowledged: number;
  /** Of those, how many the follower saw, and how many it had not seen by the end of its wait. */
  seen: number;
  missing: number;
  /** Of the acknowledged writes, how many have no numbered change in the log (read from the database). */
  missingInLog: number;
  /** The first numbers (up to 10) the follower never read although the log holds them. */
  skipped: number[];
  /** Seen before the client had the acknowledgement (their delay counts as 0). */
  seenBeforeAck: number;
  /** Acknowledgement to first seen. */
  delay: Spread;
  /** The follower's Query.changes round trips: how finely it can see. */
  poll: Spread;
}

/** N processes of (a) over the one database, the load spread round-robin over them. */
export interface ProcessesRow {
  shape: string;
  processes: number;
  load: LoadResult;
}

/** The sequencer's process killed under a write load through two processes. */
export interface TakeoverFigures {
  /** Kill to the feed showing the change of a write sent after the kill; null if it never did. */
  takeoverMs: number | null;
  /** The lease holder killed, and who held the lease at the end. */
  killed: string;
  holderAfter: string | null;
  /** Writes sent, acknowledged, and failed (those in flight to the killed process). */
  sent: number;
  acknowledged: number;
  failed: number;
  /** Acknowledged writes whose change the feed did not show, or showed more than once. */
  missing: number;
  repeated: number;
  /** Failed writes whose change is in the feed all the same (committed before the kill). */
  failedInFeed: number;
  /** The numbers the follower read after the phase's starting head: first, last, and the faults. */
  firstSeq: number | null;
  lastSeq: number | null;
  gaps: number;
  repeatedSeqs: number;
  /** The first numbers (up to 10) the follower never read although the log holds them. */
  skipped: number[];
  /**
   * The same checks on the log itself, read from the database after the phase: whether a fault is in
   * the numbering or in what the feed gave the client.
   */
  log: { missing: number; repeated: number; gaps: number; unnumbered: number } | null;
  /** Any error that ended the phase early. */
  error?: string;
}

export interface Figures {
  shapes: ShapeFigures[];
  /** The closed loop's workers: the issue's write targets are set at 8. */
  concurrency?: number;
  feed?: FeedFigures;
  processes?: ProcessesRow[];
  takeover?: TakeoverFigures;
  coldStartMs: Partial<Record<Api, number>>;
  maxRssMb: Partial<Record<Api, number>>;
  importMs?: number;
  /** The zones the growth runs used, when there were any. */
  growthZones?: { median: ZoneTarget; largest: ZoneTarget };
  /** The recount after (a''): `aggregates:check --repair`, how long it took and what it said. */
  repair?: { ms: number; ok: boolean; detail: string };
}

const fmt = (x: number | undefined, digits = 1): string => (x === undefined ? '-' : x.toFixed(digits));

/** A ratio target: `measured` against `bound`, passing when at least (or at most) the bound. */
function ratioTarget(name: string, measured: number, bound: number, atLeast: boolean, what: string): Target {
  return {
    name,
    pass: atLeast ? measured >= bound : measured <= bound,
    detail: `${what} = ${fmt(measured, 2)}x (margin ${fmt(atLeast ? measured - bound : bound - measured, 2)}x)`,
  };
}

/** A run with figures to compare: present, and at least one request answered in the window. */
const answered = (r: LoadResult | undefined): r is LoadResult => r !== undefined && r.requests > 0;

/** One map shape on one system at both zones, and how much dearer the largest zone's chain was. */
export interface GrowthRow {
  shape: string;
  system: System;
  median: LoadResult;
  largest: LoadResult;
  /** p50 on the largest zone's chain over p50 on the median one's. */
  p50Ratio: number;
  /** req/s on the median zone's chain over req/s on the largest one's. */
  rpsRatio: number;
}

/** The growth of every map shape run at both zones, per system that answered both. */
export function growthRows(f: Figures): GrowthRow[] {
  const rows: GrowthRow[] = [];
  for (const m of f.shapes) {
    if (m.growth?.at !== 'median') continue;
    const of = m.growth.of;
    const l = f.shapes.find((s) => s.growth?.of === of && s.growth.at === 'largest');
    if (!l) continue;
    for (const system of SYSTEMS) {
      const median = m.load[system];
      const largest = l.load[system];
      if (!answered(median) || !answered(largest)) continue;
      rows.push({
        shape: of,
        system,
        median,
        largest,
        p50Ratio: largest.p50Ms / median.p50Ms,
        rpsRatio: median.rps / largest.rps,
      });
    }
  }
  return rows;
}

/** Per map shape: (a)'s growth from the median to the largest zone, both ratios, (d)'s beside it. */
function growthTargets(f: Figures): Target[] {
  const rows = growthRows(f);
  const sizes = f.growthZones
    ? `; zones of ${f.growthZones.median.zoneEnterprises} and ${f.growthZones.largest.zoneEnterprises} enterprises`
    : '';
  return rows
    .filter((r) => r.system === 'ours')
    .map((a) => {
      const d = rows.find((r) => r.shape === a.shape && r.system === 'floor');
      const worst = Math.max(a.p50Ratio, a.rpsRatio);
      return {
        name: `${a.shape}: (a) largest zone / median zone <= ${TARGETS.growth}x`,
        pass: worst <= TARGETS.growth,
        detail:
          `p50 ${fmt(a.p50Ratio, 2)}x, req/s ${fmt(a.rpsRatio, 2)}x (margin ${fmt(TARGETS.growth - worst, 2)}x); ` +
          `(d) p50 ${fmt(d?.p50Ratio, 2)}x, req/s ${fmt(d?.rpsRatio, 2)}x${sizes}`,
      };
    });
}

const pct = (x: number): string => `${fmt(x * 100)}%`;

/** A cost target: the share of the variant's throughput (a) loses, at most `bound`. */
function costTarget(name: string, a: LoadResult, variant: LoadResult, bound: number, at: string): Target {
  const cost = 1 - a.rps / variant.rps;
  return {
    name,
    pass: cost <= bound,
    detail: `${fmt(a.rps)} vs ${fmt(variant.rps)} req/s, ${pct(cost)} fewer (margin ${fmt((bound - cost) * 100)} points)${at}`,
  };
}

/** Issue 24's targets for the writes as served, on the run over every parameter set (not a growth case). */
function writeTargets(f: Figures): Target[] {
  const targets: Target[] = [];
  const at = f.concurrency === undefined ? '' : `, concurrency ${f.concurrency}`;
  const upsert = f.shapes.find((s) => s.shape === 'upsertEnterprise');
  if (upsert) {
    const { ours: a, oursNoLog: noLog, oursNoAgg: noAgg, floor: d } = upsert.load;
    if (answered(a) && answered(d))
      targets.push(
        ratioTarget(
          `upsertEnterprise: (a) throughput >= ${TARGETS.upsertFloorThroughput}x (d), as served`,
          a.rps / d.rps,
          TARGETS.upsertFloorThroughput,
          true,
          `${fmt(a.rps)} vs ${fmt(d.rps)} req/s${at}`,
        ),
      );
    if (answered(a) && answered(noLog))
      targets.push(
        costTarget(
          `upsertEnterprise: the change log costs <= ${pct(TARGETS.changeLogCost)} of (a')'s throughput`,
          a,
          noLog,
          TARGETS.changeLogCost,
          at,
        ),
      );
    if (answered(a) && answered(noAgg))
      targets.push(
        costTarget(
          `upsertEnterprise: the aggregates cost <= ${pct(TARGETS.aggregatesCost)} of (a'')'s throughput`,
          a,
          noAgg,
          TARGETS.aggregatesCost,
          at,
        ),
      );
  }
  const imported = f.shapes.find((s) => s.shape === 'importData')?.load.ours;
  if (answered(imported)) {
    const rows = imported.rps * IMPORT_ROWS;
    targets.push({
      name: `importData: (a) >= ${TARGETS.importRowsPerS} rows/s, as served`,
      pass: rows >= TARGETS.importRowsPerS,
      detail: `${fmt(rows, 0)} rows/s, ${IMPORT_ROWS} rows a request (margin ${fmt(rows - TARGETS.importRowsPerS, 0)} rows/s${at})`,
    });
  }
  return targets;
}

/** What the database's own log says of the takeover's writes. */
const logCheck = (t: TakeoverFigures): string =>
  t.log
    ? `in the log itself ${t.log.missing} missing, ${t.log.repeated} more than once, ${t.log.gaps} gaps, ${t.log.unnumbered} unnumbered`
    : 'the log itself not read';

/** The feed's delay and the sequencer's takeover, when their phases ran. */
function phaseTargets(f: Figures): Target[] {
  const targets: Target[] = [];
  const feed = f.feed;
  if (feed) {
    const { delay } = feed;
    targets.push({
      name: `feed: acknowledged write to visible in the feed, p95 <= ${TARGETS.feedP95Ms} ms`,
      pass: delay.count > 0 && feed.missing === 0 && delay.p95Ms <= TARGETS.feedP95Ms,
      detail:
        delay.count === 0
          ? 'no acknowledged write was seen in the feed'
          : `p95 ${fmt(delay.p95Ms)} ms (margin ${fmt(TARGETS.feedP95Ms - delay.p95Ms)} ms) over ${delay.count} writes` +
            `${feed.missing > 0 ? `; ${feed.missing} acknowledged writes never seen (${feed.missingInLog} not in the log${feed.skipped.length > 0 ? `; the feed skipped ${feed.skipped.join(', ')}` : ''})` : ''}`,
    });
  }
  const t = f.takeover;
  if (t) {
    targets.push({
      name: `takeover: sequencer's process killed to the feed advancing <= ${TARGETS.takeoverMs / 1000} s`,
      pass: t.takeoverMs !== null && t.takeoverMs <= TARGETS.takeoverMs,
      detail:
        t.takeoverMs === null
          ? `the feed did not advance after the kill${t.error ? ` (${t.error})` : ''}`
          : `${fmt(t.takeoverMs, 0)} ms (margin ${fmt(TARGETS.takeoverMs - t.takeoverMs, 0)} ms)`,
    });
    targets.push({
      name: 'takeover: every acknowledged write in the feed exactly once, numbers gapless',
      pass: t.acknowledged > 0 && t.missing === 0 && t.repeated === 0 && t.gaps === 0 && t.repeatedSeqs === 0,
      detail:
        `${t.acknowledged} acknowledged: ${t.missing} missing, ${t.repeated} more than once; ` +
        `numbers ${t.firstSeq ?? '-'}..${t.lastSeq ?? '-'}: ${t.gaps} gaps, ${t.repeatedSeqs} repeated` +
        `${t.skipped.length > 0 ? ` (skipped ${t.skipped.join(', ')})` : ''}; ${logCheck(t)}`,
    });
  }
  return targets;
}

/** Checks the issue's targets; a target whose figures are missing is left out. */
export function checkTargets(f: Figures): Target[] {
  const targets: Target[] = [];
  for (const s of f.shapes) {
    const { ours: a, neo4jGraphql: b, floor: d } = s.load;
    // A system that answered no request started in the window has no rate or latency to compare: that
    // is a failure of the shape's targets, never a ratio of zeros (NaN, or a p95 of 0 that "passes").
    const silent = (Object.entries(s.load) as [System, LoadResult][]).filter(([, r]) => r.requests === 0);
    if (silent.length > 0) {
      targets.push({
        name: `${s.shape}: every system answers within the window`,
        pass: false,
        detail: `no request started in the measured window was answered by ${silent.map(([k]) => SYSTEM_LABEL[k]).join(', ')}${silent.some(([, r]) => r.firstError) ? ` (first error: ${silent.find(([, r]) => r.firstError)?.[1].firstError})` : ''}`,
      });
    }
    if (answered(a) && answered(d)) {
      targets.push(
        ratioTarget(
          `${s.shape}: (a) throughput >= ${TARGETS.floorThroughput}x (d)`,
          a.rps / d.rps,
          TARGETS.floorThroughput,
          true,
          `${fmt(a.rps)} vs ${fmt(d.rps)} req/s`,
        ),
        ratioTarget(
          `${s.shape}: (a) p95 <= ${TARGETS.floorP95}x (d)`,
          a.p95Ms / d.p95Ms,
          TARGETS.floorP95,
          false,
          `${fmt(a.p95Ms, 2)} vs ${fmt(d.p95Ms, 2)} ms`,
        ),
      );
    }
    if (answered(a) && answered(b)) {
      targets.push(
        ratioTarget(
          `${s.shape}: (a) throughput >= ${TARGETS.neo4jGraphqlThroughput}x (b)`,
          a.rps / b.rps,
          TARGETS.neo4jGraphqlThroughput,
          true,
          `${fmt(a.rps)} vs ${fmt(b.rps)} req/s`,
        ),
      );
    }
    const statements = s.statementsPerRequest.ours;
    if (statements !== undefined) {
      targets.push({
        name: `${s.shape}: (a) one statement per root field`,
        pass: statements === 1,
        detail: `${fmt(statements, 2)} statements per request, 1 root field`,
      });
    }
  }
  targets.push(...growthTargets(f), ...writeTargets(f), ...phaseTargets(f));
  if (f.coldStartMs.ours !== undefined) {
    const ms = f.coldStartMs.ours;
    targets.push({
      name: `(a) cold start <= ${TARGETS.coldStartMs / 1000} s`,
      pass: ms <= TARGETS.coldStartMs,
      detail: `${fmt(ms, 0)} ms (margin ${fmt(TARGETS.coldStartMs - ms, 0)} ms; (d) ${fmt(f.coldStartMs.floor, 0)} ms)`,
    });
  }
  if (f.maxRssMb.ours !== undefined) {
    const mb = f.maxRssMb.ours;
    targets.push({
      name: `(a) RSS under load <= ${TARGETS.rssMb} MB`,
      pass: mb <= TARGETS.rssMb,
      detail: `${fmt(mb, 0)} MB (margin ${fmt(TARGETS.rssMb - mb, 0)} MB; (d) ${fmt(f.maxRssMb.floor, 0)} MB)`,
    });
  }
  if (f.importMs !== undefined) {
    const seconds = f.importMs / 1000;
    targets.push({
      name: `import <= ${TARGETS.importS} s`,
      pass: seconds <= TARGETS.importS,
      detail: `${fmt(seconds, 1)} s (margin ${fmt(TARGETS.importS - seconds, 1)} s)`,
    });
  }
  return targets;
}

/** Per write shape: throughput and p95 of (a), which records every change, against (a'), which does not. */
export function changeLogCosts(f: Figures): string[] {
  return costsAgainst('oursNoLog', f.shapes);
}

/** Per write shape: throughput and p95 of (a), which keeps the aggregates, against (a''), which does not. */
export function aggregateCosts(f: Figures): string[] {
  return costsAgainst(
    'oursNoAgg',
    f.shapes.filter((s) => s.write === true),
  );
}

/** (a) against a variant of it on each of `shapes` both answered: what (a) pays for what the variant omits. */
function costsAgainst(variant: 'oursNoLog' | 'oursNoAgg', shapes: ShapeFigures[]): string[] {
  const lines: string[] = [];
  for (const s of shapes) {
    const a = s.load.ours;
    const n = s.load[variant];
    if (!answered(a) || !answered(n)) continue;
    const throughput = (1 - a.rps / n.rps) * 100;
    const p95 = (a.p95Ms / n.p95Ms - 1) * 100;
    lines.push(
      `${s.shape}: ${fmt(a.rps)} vs ${fmt(n.rps)} req/s (${fmt(throughput)}% fewer), p95 ${fmt(a.p95Ms, 2)} vs ${fmt(n.p95Ms, 2)} ms (${p95 >= 0 ? '+' : ''}${fmt(p95)}%)`,
    );
  }
  return lines;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r, n) => {
      const line = r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)));
      return n === 0 ? `${line.join('  ')}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line.join('  ');
    })
    .join('\n');
}

/** The growth table: per map shape and system, p50 and req/s on both zones' chains and the ratios. */
function formatGrowth(f: Figures): string[] {
  const rows = growthRows(f);
  const z = f.growthZones;
  if (rows.length === 0 || !z) return [];
  const zone = (t: ZoneTarget): string =>
    `${t.zone} (${t.zoneEnterprises} enterprises; chain ${t.chain}, ${t.chainEnterprises} in it)`;
  return [
    '',
    `growth, the ${z.median.label} ${zone(z.median)} against the largest ${zone(z.largest)}: ` +
      `${fmt(z.largest.zoneEnterprises / z.median.zoneEnterprises, 1)}x the enterprises`,
    table([
      ['shape', 'system', 'p50 median', 'p50 largest', 'p50 x', 'req/s median', 'req/s largest', 'req/s x'],
      ...rows.map((r) => [
        r.shape,
        SYSTEM_LABEL[r.system],
        fmt(r.median.p50Ms, 2),
        fmt(r.largest.p50Ms, 2),
        fmt(r.p50Ratio, 2),
        fmt(r.median.rps),
        fmt(r.largest.rps),
        fmt(r.rpsRatio, 2),
      ]),
    ]),
  ];
}

/** The processes table: per shape, each count of processes side by side, and its throughput against one's. */
function formatProcesses(rows: ProcessesRow[]): string[] {
  if (rows.length === 0) return [];
  const counts = [...new Set(rows.map((r) => r.processes))];
  const header = ['shape', '', ...counts.flatMap((n) => [`${n}: req/s`, `${n}: p95 ms`, `${n}: errors`])];
  const grid = [header];
  for (const shape of [...new Set(rows.map((r) => r.shape))]) {
    const one = rows.find((r) => r.shape === shape && r.processes === counts[0]);
    const cells = counts.flatMap((n) => {
      const r = rows.find((x) => x.shape === shape && x.processes === n);
      if (!r) return ['-', '-', '-'];
      const x =
        one && n !== one.processes && answered(one.load) ? ` (${fmt(r.load.rps / one.load.rps, 2)}x)` : '';
      return [`${fmt(r.load.rps)}${x}`, fmt(r.load.p95Ms, 2), String(r.load.errors)];
    });
    grid.push([shape, '', ...cells]);
  }
  return [
    '',
    `(a) as N processes over the one database, requests round-robin over them (no target; ${
      counts.length > 1
        ? `x: throughput against ${counts[0]} process${counts[0] === 1 ? '' : 'es'}`
        : 'one count'
    }):`,
    table(grid),
  ];
}

/** The feed's delay, the processes and the takeover, when their phases ran. */
function formatPhases(f: Figures): string[] {
  const lines: string[] = [];
  const feed = f.feed;
  if (feed) {
    const d = feed.delay;
    lines.push(
      '',
      `feed delay, upsertEnterprise through (a) at ${fmt(feed.writes.rps)} req/s, a client polling Query.changes back to back:`,
      `  acknowledgement to first seen: p50 ${fmt(d.p50Ms)} ms, p95 ${fmt(d.p95Ms)} ms, max ${fmt(d.maxMs)} ms ` +
        `(${feed.seen} of ${feed.acknowledged} acknowledged writes seen, ${feed.seenBeforeAck} before their acknowledgement)`,
      ...(feed.missing > 0
        ? [
            `  never seen: ${feed.missing}, of which ${feed.missingInLog} not numbered in the log` +
              `${feed.skipped.length > 0 ? `; numbers the feed skipped: ${feed.skipped.join(', ')}` : ''}`,
          ]
        : []),
      `  one poll of the follower: p50 ${fmt(feed.poll.p50Ms)} ms, p95 ${fmt(feed.poll.p95Ms)} ms, max ${fmt(feed.poll.maxMs)} ms (${feed.poll.count} polls)`,
    );
  }
  lines.push(...formatProcesses(f.processes ?? []));
  const t = f.takeover;
  if (t) {
    lines.push(
      '',
      `takeover, two processes, the sequencer's (${t.killed}) killed with SIGKILL under writes through both:`,
      `  kill to the feed advancing: ${t.takeoverMs === null ? 'never' : `${fmt(t.takeoverMs, 0)} ms`}; lease held after by ${t.holderAfter ?? 'nobody'}`,
      `  writes: ${t.sent} sent, ${t.acknowledged} acknowledged, ${t.failed} failed (${t.failedInFeed} of those in the feed all the same)`,
      `  the feed: numbers ${t.firstSeq ?? '-'}..${t.lastSeq ?? '-'}, ${t.gaps} gaps, ${t.repeatedSeqs} repeated; ` +
        `acknowledged writes ${t.missing} missing, ${t.repeated} more than once${t.error ? `; ${t.error}` : ''}`,
      `  ${t.skipped.length > 0 ? `numbers the feed skipped: ${t.skipped.join(', ')}; ` : ''}${logCheck(t)}`,
    );
  }
  return lines;
}

/** The terminal table: one row per shape and system, then the ratios and the targets. */
export function formatReport(f: Figures, targets: Target[]): string {
  const rows: string[][] = [
    [
      'shape',
      'system',
      'req/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'errors',
      'stmts/req',
      'RSS MB',
      'a/d req/s',
      'a/d p95',
      'a/b req/s',
      'a/c p95',
    ],
  ];
  for (const s of f.shapes) {
    for (const system of SYSTEMS) {
      const r = s.load[system];
      const notExpressible = system === 'neo4jGraphql' && s.notExpressible !== undefined;
      if (!r && !notExpressible) continue;
      const a = s.load.ours;
      // (c) and (d) run one hand-written statement per request by construction; (a') and (a'') are not counted.
      const stmts =
        system === 'cypher' || system === 'floor'
          ? '1'
          : system === 'ours' || system === 'neo4jGraphql'
            ? fmt(s.statementsPerRequest[system], 2)
            : '';
      const rss = system === 'cypher' ? '' : fmt(s.rssMb[system], 0);
      const ratio = (other: LoadResult | undefined, of: (r: LoadResult) => number): string =>
        system === 'ours' && answered(a) && answered(other) ? fmt(of(a) / of(other), 2) : '';
      rows.push([
        s.shape,
        SYSTEM_LABEL[system],
        ...(r
          ? [fmt(r.rps), fmt(r.p50Ms, 2), fmt(r.p95Ms, 2), fmt(r.p99Ms, 2), String(r.errors), stmts, rss]
          : ['n/a', '', '', '', '', '', '']),
        ratio(s.load.floor, (r) => r.rps),
        ratio(s.load.floor, (r) => r.p95Ms),
        ratio(s.load.neo4jGraphql, (r) => r.rps),
        ratio(s.load.cypher, (r) => r.p95Ms),
      ]);
    }
  }
  const lines = [table(rows), ''];
  // A growth case has its shape's reason: each reason once, with the cases it stands for.
  const reasons = new Map<string, string[]>();
  for (const s of f.shapes)
    if (s.notExpressible) reasons.set(s.notExpressible, [...(reasons.get(s.notExpressible) ?? []), s.shape]);
  for (const [reason, shapes] of reasons) lines.push(`(b) ${shapes.join(', ')}: ${reason}`);
  lines.push(
    '',
    `cold start to first answer: (a) ${fmt(f.coldStartMs.ours, 0)} ms, (b) ${fmt(f.coldStartMs.neo4jGraphql, 0)} ms, (d) ${fmt(f.coldStartMs.floor, 0)} ms`,
    `max RSS under load: (a) ${fmt(f.maxRssMb.ours, 0)} MB, (b) ${fmt(f.maxRssMb.neo4jGraphql, 0)} MB, (d) ${fmt(f.maxRssMb.floor, 0)} MB`,
  );
  if (f.importMs !== undefined)
    lines.push(`import of the data set in this run: ${fmt(f.importMs / 1000, 1)} s`);
  const costs = changeLogCosts(f);
  if (costs.length > 0)
    lines.push('', "the change log's cost, (a) against (a'):", ...costs.map((c) => `  ${c}`));
  const aggregates = aggregateCosts(f);
  if (aggregates.length > 0)
    lines.push('', "the aggregates' cost, (a) against (a''):", ...aggregates.map((c) => `  ${c}`));
  if (f.repair)
    lines.push(
      '',
      `the recount after (a''), aggregates:check --repair: ${f.repair.ok ? '' : 'FAILED, '}${fmt(f.repair.ms / 1000, 1)} s; ${f.repair.detail}`,
    );
  lines.push(...formatGrowth(f), ...formatPhases(f));
  lines.push('', 'targets:');
  for (const t of targets) lines.push(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`);
  return lines.join('\n');
}
