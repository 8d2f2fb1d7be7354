/**
 * `aggregates:check [--repair]`: every tally recounted from the graph and compared with what is stored;
 * with `repair`, each owner whose tallies disagree has them replaced by the count, under its lock, in
 * the transaction that counted (so a write committing meanwhile is either counted or added after).
 * Without `repair` nothing is locked or written, and a write committing during the check can show as
 * a passing difference; `--repair` is exact.
 */
import type { Neo4jGateway } from '../db/neo4j';
import { chunks, countOwned } from './keep';
import {
  allOwnersStatement,
  deleteTalliesStatement,
  lockOwnersStatement,
  markStatement,
  orphansStatement,
  replaceOwnedStatement,
  storedStatement,
} from './statements';
import { compare, type Mismatch, type TallyRow } from './tally';

export interface CheckReport {
  owners: number;
  tallies: number;
  mismatches: Mismatch[];
  repaired: boolean;
}

export async function checkAggregates(
  gateway: Neo4jGateway,
  options: { repair?: boolean; progress?: (done: number, total: number) => void } = {},
): Promise<CheckReport> {
  const repair = options.repair === true;
  const mismatches: Mismatch[] = [];
  const orphans = await gateway.read(orphansStatement);
  mismatches.push(...compare(byKey(orphans), new Map()));
  if (repair && orphans.length > 0) await gateway.write(deleteTalliesStatement(orphans.map((o) => o.key)));
  const [all] = await gateway.read(allOwnersStatement);
  const batches = [
    ...chunks(all?.zones ?? []).map((zones) => ({ zones, chains: [] as string[] })),
    ...chunks(all?.chains ?? []).map((chains) => ({ zones: [] as string[], chains })),
  ];
  const total = (all?.zones.length ?? 0) + (all?.chains.length ?? 0);
  let tallies = 0;
  let done = 0;
  for (const owners of batches) {
    const found = await gateway.writeAll('aggregates/check', async (tx) => {
      if (repair) await tx.run(lockOwnersStatement(owners));
      const counted = await countOwned(tx, owners);
      const stored = byKey(await tx.run(storedStatement(owners)));
      const differ = compare(stored, counted);
      if (repair && differ.length > 0) await tx.run(replaceOwnedStatement([...counted.values()], owners));
      return { differ, size: counted.size };
    });
    mismatches.push(...found.differ);
    tallies += found.size;
    done += owners.zones.length + owners.chains.length;
    options.progress?.(done, total);
  }
  if (repair) await gateway.write(markStatement(false));
  return { owners: total, tallies, mismatches, repaired: repair };
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
