/**
 * A lease in the database: of several processes of the service over one Neo4j, the one holding the
 * lease does a job that must run once (number the change log, deliver webhooks, apply retention). The
 * holder renews it well before it runs out; when the holder dies, the lease runs out and the next
 * process to ask takes it, within the lease's length plus one renewal.
 *
 * The lease is for liveness, never the only guard of correctness: the sequencer checks it again under
 * the counter's lock in the transaction that numbers (fencing), so a holder that stalled past its lease
 * (a long pause) cannot number beside its successor.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Neo4jGateway, Statement } from './neo4j';
import { statement } from './cypher-files';

/** This process, as lease holders are named: host, process id, and a random part for restarts. */
export const PROCESS_ID = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

export interface LeaseRow {
  /** Whether `holder` holds it now. */
  held: boolean;
  holder: string | null;
  /** Until when the current holder holds it (ISO 8601). */
  until: string | null;
}

/**
 * Takes the lease when it is free, run out or already ours, and extends it by `ms`; otherwise leaves it.
 * The SET first takes the lease node's lock, so two processes asking at once are answered one by one.
 */
export function acquireLeaseStatement(name: string, holder: string, ms: number): Statement<LeaseRow> {
  return statement(
    'lease/acquire',
    [
      'MERGE (l:Lease {name: $name})',
      'SET l.asked = true REMOVE l.asked',
      'WITH l, datetime.realtime() AS now',
      'WITH l, now, l.holder IS NULL OR l.holder = $holder OR l.until < now AS mine, l.holder AS was',
      'SET l.holder = CASE WHEN mine THEN $holder ELSE l.holder END,',
      '  l.until = CASE WHEN mine THEN now + duration({milliseconds: $ms}) ELSE l.until END,',
      '  l.since = CASE WHEN mine AND coalesce(was, "") <> $holder THEN now ELSE l.since END',
      'RETURN mine AS held, l.holder AS holder, toString(l.until) AS until',
    ],
    { name, holder, ms },
  );
}

/** Gives the lease up at once (a clean stop), so a successor need not wait for it to run out. */
export function releaseLeaseStatement(name: string, holder: string): Statement<{ released: boolean }> {
  return statement(
    'lease/release',
    [
      'MATCH (l:Lease {name: $name}) WHERE l.holder = $holder',
      'SET l.holder = null, l.until = null',
      'RETURN true AS released',
    ],
    { name, holder },
  );
}

/** Who holds a lease now, if anyone. */
export function leaseStatement(name: string): Statement<LeaseRow> {
  return statement(
    'lease/read',
    [
      'OPTIONAL MATCH (l:Lease {name: $name})',
      'RETURN l IS NOT NULL AND l.until > datetime.realtime() AS held, l.holder AS holder, toString(l.until) AS until',
    ],
    { name },
  );
}

export interface LeaseOptions {
  /** How long a grant lasts. */
  ttlMs: number;
  /** How often the lease is asked for (renewed by its holder, watched by the others). */
  renewMs: number;
}

/**
 * The defaults: a dead holder is replaced within 2 s + 0.5 s (measured with a killed process in
 * tests/integration/multiprocess.int.test.ts); a holder misses its grant only when four renewals in a
 * row fail, and then its successor fences it out (see above).
 */
export const LEASE_DEFAULTS: LeaseOptions = { ttlMs: 2_000, renewMs: 500 };

/**
 * Asks for a lease at every renewal and runs `job` while it holds it: `job` starts on the grant and
 * returns the function that stops it, called when the lease is lost (or could not be renewed before it
 * ran out) and at `stop`.
 */
export class LeaseKeeper {
  private stopJob: (() => Promise<void>) | undefined;
  private grantedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private asking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly gateway: Neo4jGateway,
    readonly name: string,
    private readonly job: () => () => Promise<void>,
    private readonly options: LeaseOptions = LEASE_DEFAULTS,
    readonly holder: string = PROCESS_ID,
  ) {}

  /** Whether this process holds the lease, as far as it knows (a grant not yet run out). */
  holds(): boolean {
    return this.stopJob !== undefined && Date.now() < this.grantedUntil;
  }

  start(): this {
    this.ask();
    this.timer = setInterval(() => this.ask(), this.options.renewMs);
    this.timer.unref();
    return this;
  }

  private ask(): void {
    this.asking = this.asking.then(() => this.askOnce());
  }

  /** Asks once, now, and waits for the answer (a command that needs the lease for one job). */
  async askNow(): Promise<void> {
    this.ask();
    await this.asking;
  }

  private async askOnce(): Promise<void> {
    if (this.stopped) return;
    const asked = Date.now();
    let held = false;
    try {
      const [row] = await this.gateway.write(
        acquireLeaseStatement(this.name, this.holder, this.options.ttlMs),
      );
      held = row?.held === true;
    } catch {
      // The database did not answer: the grant we had still counts until it runs out.
      held = Date.now() < this.grantedUntil;
    }
    if (this.stopped) return;
    if (held && this.stopJob === undefined) this.stopJob = this.job();
    if (held) this.grantedUntil = Math.max(this.grantedUntil, asked + this.options.ttlMs);
    else await this.lose();
  }

  private async lose(): Promise<void> {
    const stop = this.stopJob;
    this.stopJob = undefined;
    this.grantedUntil = 0;
    if (stop) await stop();
  }

  /** Stops the job and gives the lease up. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.asking;
    const had = this.stopJob !== undefined;
    await this.lose();
    if (had) await this.gateway.write(releaseLeaseStatement(this.name, this.holder)).catch(() => undefined);
  }
}
