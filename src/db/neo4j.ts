/**
 * The one gateway to Neo4j. Everything else hands it a named, parameterised statement and gets plain
 * JavaScript values back; Integers, temporals and driver errors never leak past it. It reaches the
 * driver through driver.ts, the only module that imports neo4j-driver.
 */
import {
  ConnectError,
  mapNeo4jError,
  neo4j,
  Neo4jError,
  toDriverParams,
  toNative,
  type Driver,
  type ManagedTransaction,
  type Transaction,
  type QueryResult,
  type RecordShape,
} from './driver';
import { AppError } from '../errors';
import { withDeadline } from './deadline';
import type { Neo4jConnection } from '../config/config';
import type { GatewayOptions, ServerInfo, StatementDoneListener, StatementListener } from './neo4j-options';
import { asRows, type Row, type Statement, type TransactionRunner } from './statement';
import { currentTranscript, replayNext } from './transcript';

export type { Row, Statement, TransactionRunner } from './statement';

export class Neo4jGateway {
  private readonly listeners = new Set<StatementListener>();
  private readonly doneListeners = new Set<StatementDoneListener>();
  private openSessions = 0;

  private constructor(
    private readonly driver: Driver,
    readonly connection: Omit<Neo4jConnection, 'password'>,
    private readonly options: GatewayOptions,
  ) {}

  /** Creates the driver; it connects lazily, so call `verify()` to know the database answers. */
  static connect(connection: Neo4jConnection, options: GatewayOptions): Neo4jGateway {
    const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
      maxConnectionPoolSize: options.maxPoolSize ?? 50,
      connectionAcquisitionTimeout: options.acquisitionTimeoutMs ?? 2_000,
      connectionTimeout: options.connectionTimeoutMs ?? 10_000,
      maxTransactionRetryTime: options.maxRetryTimeMs ?? 5_000,
      userAgent: 'chain-party-graph',
      logging: { level: 'error', logger: () => undefined },
    });
    const { uri, user, database } = connection;
    return new Neo4jGateway(driver, { uri, user, database }, options);
  }

  /** Subscribes to every statement sent; returns the unsubscribe function. */
  onStatement(listener: StatementListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes to every statement's end; returns the unsubscribe function. */
  onStatementDone(listener: StatementDoneListener): () => void {
    this.doneListeners.add(listener);
    return () => this.doneListeners.delete(listener);
  }

  /** Sessions open now, each holding (or waiting for) a pooled connection; the driver has no such gauge. */
  get sessionsInUse(): number {
    return this.openSessions;
  }

  /** The pool's size limit, beside `sessionsInUse`. */
  get maxPoolSize(): number {
    return this.options.maxPoolSize ?? 50;
  }

  private statementEnded(
    statement: Statement,
    mode: 'READ' | 'WRITE',
    startedAt: number,
    error?: unknown,
  ): void {
    if (this.doneListeners.size === 0) return;
    const mapped = error === undefined ? undefined : mapNeo4jError(error, statement.name);
    const outcome = mapped === undefined ? 'OK' : mapped instanceof AppError ? mapped.code : 'ERROR';
    const done = { ms: performance.now() - startedAt, outcome };
    for (const listener of this.doneListeners) listener(statement, mode, done);
  }

  /** Checks that the database answers with these credentials; throws a ConnectError saying why not. */
  async verify(): Promise<ServerInfo> {
    try {
      const info = await this.driver.getServerInfo({ database: this.connection.database });
      // getServerInfo does not touch the database itself; a cheap read proves it exists and is online.
      const session = this.driver.session({ database: this.connection.database });
      this.openSessions += 1;
      try {
        await session.run('RETURN 1');
      } finally {
        this.openSessions -= 1;
        await session.close();
      }
      return {
        address: info.address ?? '',
        agent: info.agent ?? '',
        protocolVersion: Number(info.protocolVersion ?? 0),
      };
    } catch (error) {
      throw ConnectError.from(error);
    }
  }

  /**
   * Runs one read statement and returns its rows as plain objects. Every read is a single statement, so
   * it runs as an auto-commit transaction: RUN and PULL in one round trip, where a managed transaction
   * adds BEGIN and a COMMIT round trip to each request. The managed transaction's one advantage, a
   * retry on transient errors, is kept: a read is retried on a retriable error until the retry time ends.
   */
  async read<R extends object = Row>(statement: Statement<R>): Promise<R[]> {
    const transcript = currentTranscript();
    if (transcript?.mode === 'replay') return asRows(replayNext(transcript));
    const rows = await withDeadline(this.withRetries(statement, 'READ'), this.deadlineMs(), statement.name);
    if (transcript?.mode === 'record' && !transcript.sealed) transcript.calls.push(rows);
    return asRows(rows);
  }

  /**
   * Runs a write that is one statement as an auto-commit transaction: one round trip, where a managed
   * transaction adds BEGIN and COMMIT (measured on the upsert: 1,400 against 1,120 statements a
   * second at concurrency 8, issue 24). A retriable error is retried as a managed transaction's
   * would be, with the same caveat: an error that ends the connection during the commit leaves the
   * outcome unknown, and the retry may write again. Inside a recorded call (a mutation with an
   * Idempotency-Key) it runs as a managed transaction instead, so that the key and the transcript
   * commit with it.
   */
  async writeOne<R extends object = Row>(statement: Statement<R>): Promise<R[]> {
    const transcript = currentTranscript();
    if (transcript?.mode === 'replay' || (transcript?.mode === 'record' && !transcript.sealed))
      return this.write(statement);
    return asRows(
      await withDeadline(this.withRetries(statement, 'WRITE'), this.deadlineMs(), statement.name),
    );
  }

  /** The client-side bound of every call; see GatewayOptions.deadlineMs. */
  deadlineMs(timeoutMs = this.options.txTimeoutMs): number {
    // Never shorter than the driver's retry window, or an outage would end as TIMEOUT mid-retry
    // instead of as the SERVICE_UNAVAILABLE the last attempt saw.
    return this.options.deadlineMs ?? Math.max(timeoutMs, this.options.maxRetryTimeMs ?? 5_000) + 2_000;
  }

  private async withRetries(statement: Statement, mode: 'READ' | 'WRITE'): Promise<Row[]> {
    const deadline = Date.now() + (this.options.maxRetryTimeMs ?? 5_000);
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.autoCommit(statement, mode);
      } catch (error) {
        const retriable = error instanceof Neo4jError && error.retriable;
        if (!retriable || Date.now() + 100 * 2 ** attempt > deadline) {
          throw mapNeo4jError(error, statement.name);
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  private async autoCommit(statement: Statement, mode: 'READ' | 'WRITE'): Promise<Row[]> {
    for (const listener of this.listeners) listener(statement, mode);
    const session = this.driver.session({
      database: this.connection.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    this.openSessions += 1;
    const startedAt = performance.now();
    try {
      const result = await session.run(statement.cypher, toDriverParams(statement.params ?? {}), {
        timeout: this.options.txTimeoutMs,
        metadata: { app: 'chain-party-graph', name: statement.name },
      });
      this.statementEnded(statement, mode, startedAt);
      return result.records.map((record) => toNative(record.toObject()) as Row);
    } catch (error) {
      this.statementEnded(statement, mode, startedAt, error);
      throw error;
    } finally {
      this.openSessions -= 1;
      await session.close();
    }
  }

  /** Runs one statement in a managed write transaction; `timeoutMs` overrides the usual limit (bulk batches). */
  async write<R extends object = Row>(
    statement: Statement<R>,
    options: { timeoutMs?: number } = {},
  ): Promise<R[]> {
    return this.transact(statement.name, (tx) => tx.run(statement), options.timeoutMs);
  }

  /**
   * Runs several statements in one managed write transaction: either all of them land or none does.
   * The work function may be retried by the driver on transient errors, so it must only send statements.
   */
  async writeAll<T>(
    name: string,
    work: (tx: TransactionRunner) => Promise<T>,
    options: { timeoutMs?: number } = {},
  ): Promise<T> {
    return this.transact(name, work, options.timeoutMs);
  }

  /**
   * A write transaction. Inside a recorded call (a mutation with an Idempotency-Key) the first write
   * transaction also claims the key first and stores the transcript last, so the key, the write and the
   * recorded answer commit together or not at all; inside a replay, the recorded rows are returned and
   * the database is not touched.
   */
  private transact<T>(
    name: string,
    work: (tx: TransactionRunner) => Promise<T>,
    timeoutMs?: number,
  ): Promise<T> {
    const transcript = currentTranscript();
    if (transcript?.mode === 'replay')
      return work({ run: () => Promise.resolve(asRows(replayNext(transcript))) });
    if (transcript?.mode !== 'record' || transcript.sealed) {
      return this.run(
        'WRITE',
        (tx) => work({ run: async (s) => asRows(await this.runIn(tx, s, 'WRITE')) }),
        name,
        timeoutMs,
      );
    }
    transcript.sealed = true;
    const before = transcript.calls.length;
    return this.run(
      'WRITE',
      async (tx) => {
        // The driver may run this again after a transient error: each attempt records afresh.
        transcript.calls.length = before;
        const run = (s: Statement): Promise<Row[]> => this.runIn(tx, s, 'WRITE');
        await transcript.seal.open(run);
        const result = await work({
          run: async (s) => {
            const rows = await run(s);
            transcript.calls.push(rows);
            return asRows(rows);
          },
        });
        await transcript.seal.close(run, transcript.calls);
        return result;
      },
      name,
      timeoutMs,
    );
  }

  /**
   * Runs statements in a write transaction that is always rolled back: the work may change the graph to
   * compute an answer (an as-of read undoes later changes, then reads), and none of it ever commits.
   * The transaction is explicit rather than managed because a managed one commits when its work
   * returns; here nothing calls commit, and closing the session rolls back whatever is left open, so
   * a failure, a timeout or a crash of this process cannot commit it either. Neo4j never shows another
   * transaction what an open one wrote, and the locks it takes on what it changes are held until the
   * rollback, within the transaction time limit.
   */
  async rehearse<T>(name: string, work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    return withDeadline(this.rehearsal(name, work), this.deadlineMs(), name);
  }

  private async rehearsal<T>(name: string, work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    const session = this.driver.session({
      database: this.connection.database,
      defaultAccessMode: neo4j.session.WRITE,
    });
    this.openSessions += 1;
    const tx = session.beginTransaction({
      timeout: this.options.txTimeoutMs,
      metadata: { app: 'chain-party-graph', name, rehearsal: true },
    });
    try {
      return await work({ run: async (s) => asRows(await this.runIn(tx, s, 'WRITE')) });
    } catch (error) {
      throw mapNeo4jError(error, name);
    } finally {
      try {
        if (tx.isOpen()) await tx.rollback();
      } finally {
        this.openSessions -= 1;
        await session.close();
      }
    }
  }

  /** Schema statements (constraints, indexes) each need a transaction of their own. */
  async schema(statement: Statement): Promise<void> {
    await this.write(statement);
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  /** A managed transaction, bounded as a whole: session, retries, commit and close. */
  private run<T>(
    mode: 'READ' | 'WRITE',
    work: (tx: ManagedTransaction) => Promise<T>,
    name?: string,
    timeoutMs = this.options.txTimeoutMs,
  ): Promise<T> {
    return withDeadline(
      this.runSession(mode, work, name, timeoutMs),
      this.deadlineMs(timeoutMs),
      name ?? 'transaction',
    );
  }

  private async runSession<T>(
    mode: 'READ' | 'WRITE',
    work: (tx: ManagedTransaction) => Promise<T>,
    name: string | undefined,
    timeoutMs: number,
  ): Promise<T> {
    const session = this.driver.session({
      database: this.connection.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    const config = { timeout: timeoutMs, metadata: { app: 'chain-party-graph', name } };
    this.openSessions += 1;
    try {
      return mode === 'READ'
        ? await session.executeRead(work, config)
        : await session.executeWrite(work, config);
    } catch (error) {
      throw mapNeo4jError(error, name ?? 'transaction');
    } finally {
      this.openSessions -= 1;
      await session.close();
    }
  }

  private async runIn(
    tx: ManagedTransaction | Transaction,
    statement: Statement,
    mode: 'READ' | 'WRITE',
  ): Promise<Row[]> {
    for (const listener of this.listeners) listener(statement, mode);
    let result: QueryResult<RecordShape>;
    const startedAt = performance.now();
    try {
      result = await tx.run(statement.cypher, toDriverParams(statement.params ?? {}));
    } catch (error) {
      this.statementEnded(statement, mode, startedAt, error);
      throw mapNeo4jError(error, statement.name);
    }
    this.statementEnded(statement, mode, startedAt);
    return result.records.map((record) => toNative(record.toObject()) as Row);
  }
}
