/**
 * The bench's figures: the table printed to the terminal, the targets checked against them, and the
 * JSON written to bench/results/.
 */
import type { LoadResult } from './load';

export const SYSTEMS = ['ours', 'neo4jGraphql', 'cypher'] as const;
export type System = (typeof SYSTEMS)[number];
const SYSTEM_LABEL: Record<System, string> = {
  ours: '(a) this service',
  neo4jGraphql: '(b) @neo4j/graphql',
  cypher: '(c) raw Cypher',
};

export interface ShapeFigures {
  shape: string;
  title: string;
  load: Partial<Record<System, LoadResult>>;
  /** Why (b) cannot express the shape, when it cannot. */
  notExpressible?: string;
  /** Cypher statements (Bolt RUN messages) per request, for (a) and (b). */
  statementsPerRequest: Partial<Record<'ours' | 'neo4jGraphql', number>>;
  /** Max RSS of the API child while this shape ran, MB. */
  rssMb: Partial<Record<'ours' | 'neo4jGraphql', number>>;
}

export interface Target {
  name: string;
  pass: boolean;
  /** What was measured against what was required, with the margin. */
  detail: string;
}

export interface Figures {
  shapes: ShapeFigures[];
  coldStartMs: Partial<Record<'ours' | 'neo4jGraphql', number>>;
  maxRssMb: Partial<Record<'ours' | 'neo4jGraphql', number>>;
  importMs?: number;
}

const fmt = (x: number | undefined, digits = 1): string => (x === undefined ? '-' : x.toFixed(digits));

/** Checks the targets; a target whose figures are missing is left out. */
export function checkTargets(f: Figures): Target[] {
  const targets: Target[] = [];
  for (const s of f.shapes) {
    const a = s.load.ours;
    const b = s.load.neo4jGraphql;
    const c = s.load.cypher;
    if (a && b) {
      const ratio = a.rps / b.rps;
      targets.push({
        name: `${s.shape}: (a) throughput >= 2x (b)`,
        pass: ratio >= 2,
        detail: `${fmt(a.rps)} vs ${fmt(b.rps)} req/s = ${fmt(ratio, 2)}x (margin ${fmt(ratio - 2, 2)}x)`,
      });
    }
    if (a && c) {
      const ratio = a.p95Ms / c.p95Ms;
      targets.push({
        name: `${s.shape}: (a) p95 <= 1.2x (c)`,
        pass: ratio <= 1.2,
        detail: `${fmt(a.p95Ms, 2)} vs ${fmt(c.p95Ms, 2)} ms = ${fmt(ratio, 2)}x (margin ${fmt(1.2 - ratio, 2)}x)`,
      });
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
  if (f.coldStartMs.ours !== undefined) {
    targets.push({
      name: '(a) cold start <= 2 s',
      pass: f.coldStartMs.ours <= 2000,
      detail: `${fmt(f.coldStartMs.ours, 0)} ms (margin ${fmt(2000 - f.coldStartMs.ours, 0)} ms)`,
    });
  }
  if (f.maxRssMb.ours !== undefined) {
    targets.push({
      name: '(a) RSS under load <= 300 MB',
      pass: f.maxRssMb.ours <= 300,
      detail: `${fmt(f.maxRssMb.ours, 0)} MB (margin ${fmt(300 - f.maxRssMb.ours, 0)} MB)`,
    });
  }
  if (f.importMs !== undefined) {
    targets.push({
      name: 'import <= 5 min',
      pass: f.importMs <= 300_000,
      detail: `${fmt(f.importMs / 1000, 1)} s (margin ${fmt(300 - f.importMs / 1000, 1)} s)`,
    });
  }
  return targets;
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
      const stmts = system === 'cypher' ? '1' : fmt(s.statementsPerRequest[system], 2);
      const rss = system === 'cypher' ? '' : fmt(s.rssMb[system], 0);
      rows.push([
        s.shape,
        SYSTEM_LABEL[system],
        ...(r
          ? [fmt(r.rps), fmt(r.p50Ms, 2), fmt(r.p95Ms, 2), fmt(r.p99Ms, 2), String(r.errors), stmts, rss]
          : ['n/a', '', '', '', '', '', '']),
        system === 'ours' && a && s.load.neo4jGraphql ? fmt(a.rps / s.load.neo4jGraphql.rps, 2) : '',
        system === 'ours' && a && s.load.cypher ? fmt(a.p95Ms / s.load.cypher.p95Ms, 2) : '',
      ]);
    }
  }
  const lines = [table(rows), ''];
  for (const s of f.shapes) if (s.notExpressible) lines.push(`(b) ${s.shape}: ${s.notExpressible}`);
  lines.push(
    '',
    `cold start to first answer: (a) ${fmt(f.coldStartMs.ours, 0)} ms, (b) ${fmt(f.coldStartMs.neo4jGraphql, 0)} ms`,
    `max RSS under load: (a) ${fmt(f.maxRssMb.ours, 0)} MB, (b) ${fmt(f.maxRssMb.neo4jGraphql, 0)} MB`,
  );
  if (f.importMs !== undefined)
    lines.push(`import of the data set in this run: ${fmt(f.importMs / 1000, 1)} s`);
  lines.push('', 'targets:');
  for (const t of targets) lines.push(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`);
  return lines.join('\n');
}
