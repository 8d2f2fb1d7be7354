/**
 * `aggregates:check [--repair]`: every tally recounted from the graph in one pass (keep.ts'
 * `countEverything`) and compared with what is stored, the stored tally plus its pending deltas; with
 * `repair`, the tallies that disagree are replaced by the count and their deltas deleted, in the
 * transaction that counted, which took every gate of every owner first (so a write meanwhile waits and
 * its delta is added after). Without `repair` nothing is locked or written, and a write committing
 * during the check can show as a passing difference; `--repair` is exact.
 */
import type { Neo4jGateway } from '../db/neo4j';
import { countEverything, lockAllGates, replaceTallies } from './keep';
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
      const owners = repair ? await lockAllGates(tx) : (await tx.run(allOwnersStatement))[0];
      const counted = await countEverything(tx, options.progress);
      const stored = byKey(await tx.run(allTalliesStatement));
      const mismatches = compare(stored, counted);
      // Under the gates the count is exact for every key, so replacing a key is right even when a fold
      // committing during the read made it look different.
      if (repair && mismatches.length > 0)
        await replaceTallies(
          tx,
          mismatches.map((m) => m.key),
          counted,
        );
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
