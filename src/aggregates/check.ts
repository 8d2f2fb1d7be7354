/**
 * `aggregates:check [--repair]`: every tally recounted from the graph in one pass (keep.ts'
 * `countEverything`) and compared with what is stored; with `repair`, the tallies that disagree are
 * replaced by the count, in the transaction that counted, which took every owner's lock first (so a
 * write meanwhile waits and is added after). Without `repair` nothing is locked or written, and a write
 * committing during the check can show as a passing difference; `--repair` is exact.
 */
import type { Neo4jGateway } from '../db/neo4j';
import { countEverything, lockAllOwners, putTallies } from './keep';
import { allOwnersStatement, allTalliesStatement, markStatement } from './statements';
import { compare, type Mismatch, type TallyRow } from './tally';

export interface CheckReport {
  owners: number;
  tallies: number;
  mismatches: Mismatch[];
  repaired: boolean;
}

export async function checkAggregates(
  gateway: Neo4jGateway,
  options: { repair?: boolean; progress?: (subjects: number) => void } = {},
): Promise<CheckReport> {
  const repair = options.repair === true;
  return gateway.writeAll(
    'aggregates/check',
    async (tx) => {
      const owners = repair ? await lockAllOwners(tx) : (await tx.run(allOwnersStatement))[0];
      const counted = await countEverything(tx, options.progress);
      const stored = byKey(await tx.run(allTalliesStatement));
      const mismatches = compare(stored, counted);
      if (repair && mismatches.length > 0) {
        const rows = mismatches.flatMap((m) => counted.get(m.key) ?? []);
        await putTallies(
          tx,
          rows,
          mismatches.filter((m) => !counted.has(m.key)).map((m) => m.key),
        );
      }
      if (repair) await tx.run(markStatement(false));
      const total = (owners?.zones.length ?? 0) + (owners?.chains.length ?? 0);
      return { owners: total, tallies: counted.size, mismatches, repaired: repair };
    },
    { timeoutMs: 1_800_000 },
  );
}

const byKey = (rows: TallyRow[]): Map<string, TallyRow> => new Map(rows.map((r) => [r.key, r]));

/** The report as the command prints it: one line per difference (at most `limit`), then the summary. */
export function describeCheck(report: CheckReport, limit = 50): string[] {
  const lines = report.mismatches.slice(0, limit).map((m) => {
    const fields = m.stored ?? m.counted;
    const changed = fields
      ? Object.keys(fields).filter(
          (k) => (m.stored?.[k as keyof typeof fields] ?? 0) !== (m.counted?.[k as keyof typeof fields] ?? 0),
        )
      : [];
    const was = (side: typeof m.stored, k: string): string =>
      side === null ? '-' : String(side[k as keyof typeof side]);
    const detail = m.stored === null ? 'missing' : m.counted === null ? 'counts nothing' : 'differs';
    return `${m.key}: ${detail}; ${changed.map((k) => `${k} ${was(m.stored, k)} → ${was(m.counted, k)}`).join(', ')}`;
  });
  if (report.mismatches.length > limit) lines.push(`… and ${report.mismatches.length - limit} more`);
  const verdict =
    report.mismatches.length === 0
      ? 'every aggregate agrees with a fresh count'
      : report.repaired
        ? `${report.mismatches.length} aggregates differed from a fresh count and were repaired`
        : `${report.mismatches.length} aggregates differ from a fresh count (run with --repair to fix them)`;
  lines.push(`aggregates: ${report.owners} zones and chains, ${report.tallies} tallies counted; ${verdict}`);
  return lines;
}
