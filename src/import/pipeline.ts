/**
 * The one write pipeline. Every write path goes through it: the mutations, the demand steps, the
 * one-transaction import and the seed (`runWrite`), the bulk import's committed batches (`runBatches`)
 * and the record of the initial load (`recordOnly`). The sequence a write follows is written here once:
 *
 * 1. the write itself, its statements sent by the path;
 * 2. the aggregates kept: the subjects it touches locked and their facts read before and after it, the
 *    difference added (or, for batches, the zones and chains they touched recounted after them);
 * 3. the invariants it could break checked, over the edges it adds, before anything commits;
 * 4. its change recorded, unnumbered, in the same transaction (history/record.ts);
 * 5. after the commit, this process's sequencer told that a change waits for its number.
 *
 * A write of one node's properties (an upsert) takes the same steps in one statement (`runNodeWrite`):
 * the write appends the aggregates' delta and the change's record as stages of its own statement,
 * sent as one auto-commit round trip. It adds no relationship, so it has no invariant to check.
 *
 * What it keeps besides the write (the change log, the aggregates) is `WriteSettings`, state of the
 * running service handed in by the caller, never a module-wide switch.
 */
import { SERVED_WRITES, type WriteSettings } from '../config/config';
import type { Neo4jGateway, Statement, TransactionRunner } from '../db/neo4j';
import type { Stage } from '../db/statement';
import { AppError } from '../errors';
import type { Actor, ChangeInput } from '../history/change';
import { changesWritten } from '../history/notify';
import { recordChange, recordNodeStage } from '../history/record';
import {
  keepTallies,
  markStale,
  recountAll,
  recountTouched,
  TouchedSet,
  type NodeRef,
} from '../aggregates/keep';
import { propertyDeltaStage } from '../aggregates/statements';
import type { SeedProblem } from './format';
import { invariantViolations, mayBreakInvariants, type AddedEdge } from './invariants';

export type { WriteSettings } from '../config/config';
export { SERVED_WRITES };

/** What the write of a unit hands back: its answer, the change to record, or why it was refused. */
export interface Written<T> {
  value: T;
  /** The change it made; null or absent when it changed nothing (a delete of nothing, say). */
  change?: ChangeInput | null;
  /**
   * A refusal found by the write's own statement (a missing end, a step out of order). The transaction
   * still commits, having written nothing, so that a retry with the same Idempotency-Key replays the
   * same refusal; the error is thrown once it has.
   */
  refusal?: Error;
}

/** One write, run in one transaction. */
export interface Unit<T> {
  /** The transaction's name, in logs and metrics. */
  name: string;
  /** Who writes, for the change log. */
  actor: Actor;
  /** The nodes the aggregates depend on that the write touches: a list, or an import's whole set. */
  touched?: NodeRef[] | TouchedSet;
  /** Whether the write may create subjects together with what they depend on (an import). */
  creates?: boolean;
  /** The relationships it adds, of which the invariants are about some. */
  adds?: AddedEdge[];
  /** The error a broken invariant becomes; CONFLICT naming each problem by default. */
  refuse?: (problems: SeedProblem[]) => Error;
  /** Make every write and check, then roll back: the verdict is the real run's by construction. */
  dryRun?: boolean;
  timeoutMs?: number;
  write(tx: TransactionRunner): Promise<Written<T>>;
}

/** A broken invariant, by default: the write conflicts with what the graph holds. */
const conflict = (problems: SeedProblem[]): Error =>
  new AppError('CONFLICT', problems.map((p) => `${p.record} ${p.field}: ${p.message}`).join('; '));

/** Thrown out of a dry run's transaction once every write and check has passed, to roll it back. */
class DryRunRollback<T> extends Error {
  constructor(readonly written: Written<T>) {
    super('dry run: rolled back');
  }
}

/** The nodes a unit touches as a list, or undefined when a set is too large to follow subject by subject. */
function touchedList(touched: Unit<unknown>['touched']): NodeRef[] | undefined {
  if (touched === undefined) return [];
  if (touched instanceof TouchedSet) return touched.overflow ? undefined : [...touched.refs.values()];
  return touched;
}

/** Runs one unit of work through the pipeline (see the module comment); its answer. */
export async function runWrite<T>(gateway: Neo4jGateway, settings: WriteSettings, unit: Unit<T>): Promise<T> {
  const touched = touchedList(unit.touched);
  const adds = unit.adds ?? [];
  const checks = adds.length > 0 && mayBreakInvariants(adds.map((a) => a.type));
  let written: Written<T>;
  try {
    written = await gateway.writeAll(
      unit.name,
      async (tx) => {
        const write = (): Promise<Written<T>> => unit.write(tx);
        const done =
          settings.aggregates && touched !== undefined && touched.length > 0
            ? await keepTallies(tx, touched, write, { creates: unit.creates })
            : await write();
        if (done.refusal) return done;
        if (checks) {
          const problems = await invariantViolations(tx, adds);
          if (problems.length > 0) throw (unit.refuse ?? conflict)(problems);
        }
        if (unit.dryRun) throw new DryRunRollback(done);
        if (settings.changeLog && done.change) await recordChange(tx, done.change, unit.actor);
        return done;
      },
      unit.timeoutMs === undefined ? {} : { timeoutMs: unit.timeoutMs },
    );
  } catch (error) {
    if (error instanceof DryRunRollback) return (error as DryRunRollback<T>).written.value;
    throw error;
  }
  if (written.refusal) throw written.refusal;
  // A set too large to follow subject by subject is recounted whole once it has committed.
  if (settings.aggregates && touched === undefined && !unit.dryRun) await recountAll(gateway);
  if (settings.changeLog && written.change) changesWritten();
  return written.value;
}

/** Records a change that was made outside a transaction of the service (the initial load's files). */
export async function recordOnly(
  gateway: Neo4jGateway,
  settings: WriteSettings,
  name: string,
  actor: Actor,
  change: ChangeInput,
): Promise<void> {
  await runWrite(gateway, settings, {
    name,
    actor,
    write: () => Promise.resolve({ value: undefined, change }),
  });
}

/** A write in committed batches: the bulk import. */
export interface Batches<R> {
  name: string;
  actor: Actor;
  /** Gathered while the batches are written: what the aggregates must recount. */
  touched: TouchedSet;
  /** Writes every batch; may stop part-way, leaving the batches before the failure committed. */
  write(): Promise<R>;
  /** The one change that stands for the whole write, built once it ended, completed or not. */
  change(): ChangeInput;
}

/**
 * Runs a write of committed batches. Before it reports success, the zones and chains it touched are
 * recounted; if it stops part-way, the aggregates are marked stale until it is run again (or repaired).
 * Either way it is one change in the log, recorded after the batches: a reader of the feed learns that
 * the files were (perhaps partly) written.
 */
export async function runBatches<R>(
  gateway: Neo4jGateway,
  settings: WriteSettings,
  job: Batches<R>,
): Promise<R> {
  try {
    const result = await job.write();
    if (settings.aggregates) await recountTouched(gateway, job.touched);
    return result;
  } catch (error) {
    if (settings.aggregates) await markStale(gateway).catch(() => undefined);
    throw error;
  } finally {
    await recordOnly(gateway, settings, `${job.name}/record`, job.actor, job.change());
  }
}

/** A write of one node's properties, whose statement takes the pipeline's steps as stages. */
export interface NodeWrite<R extends { source: boolean }> {
  label: string;
  actor: Actor;
  /** The source it cites, for the change. */
  source: string;
  /** Whether it writes a property the aggregates count (see `nodeTouched`). */
  counted: boolean;
  /** Its statement, with the stages given run over `x`, `before` and `after`; `source` says it wrote. */
  statement(stages: Stage[]): Statement<R>;
}

/**
 * Runs a node write as one statement (see the module comment): the aggregates' delta when it writes a
 * counted property, the change's record when the log is kept; then this process's sequencer told. Its
 * row, whose `source` is false when the cited source does not exist and nothing was written.
 */
export async function runNodeWrite<R extends { source: boolean }>(
  gateway: Neo4jGateway,
  settings: WriteSettings,
  write: NodeWrite<R>,
): Promise<R | undefined> {
  const stages: Stage[] = [];
  const delta =
    settings.aggregates && write.counted
      ? propertyDeltaStage(write.label, {
          scope: 'x, before, after',
          list: '[{x: x, before: before, after: after}]',
        })
      : undefined;
  if (delta !== undefined) stages.push(delta);
  if (settings.changeLog) stages.push(recordNodeStage(write.label, write.actor, write.source));
  const [row] = await gateway.writeOne(write.statement(stages));
  if (settings.changeLog && row?.source === true) changesWritten();
  return row;
}
