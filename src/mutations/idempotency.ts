/**
 * Idempotency keys for mutations: a client that may retry a mutation whose outcome it does not know
 * (the connection dropped after the commit, a TIMEOUT) sends `Idempotency-Key: <key>`, and a retry with
 * the same key gets the first call's answer instead of applying the mutation again.
 *
 * A header rather than an argument: it is how HTTP APIs carry the key (the IETF httpapi draft), every
 * GraphQL client can set a header per request (Apollo Client's context, urql's fetchOptions, Relay's
 * fetch function) without a schema change to every mutation, and a retry layer can add it without
 * knowing the operation. One key covers the request's mutation fields, each under its response key.
 *
 * - The key is scoped to the caller (a digest of its API key, never the key) and to the response key.
 * - The first write transaction of the mutation creates the key's record first (under a uniqueness
 *   constraint, so a concurrent duplicate waits, then fails and reads the winner's record) and stores
 *   the transcript of the rows the mutation's statements returned last: key, write and answer commit
 *   together. A retry replays the resolver over that transcript, so it answers exactly as the first
 *   call did, error included, and writes nothing.
 * - The same key with a different request (field, arguments, selection or variables) is CONFLICT with
 *   `reason: IDEMPOTENCY_KEY_REUSED`. A call whose write transaction committed keeps its answer, error
 *   included (a conditional write that found the demand in another state); one refused before its
 *   write transaction, or rolled back, leaves no record, so its retry runs again.
 * - Records expire after 24 hours; expired ones are ignored, replaced, and purged now and then.
 */
import { createHash } from 'node:crypto';
import {
  defaultFieldResolver,
  print,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { Neo4jGateway, Row } from '../db/neo4j';
import { withTranscript, type Transcript } from '../db/transcript';
import { AppError } from '../errors';
import type { Context } from '../read/context';
import { log, logError } from '../log';
import {
  claimStatement,
  lookupStatement,
  purgeStatement,
  storeStatement,
  type StoredCall,
} from './idempotency-statements';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const PURGE_EVERY_MS = 10 * 60 * 1000;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

async function lookup(gateway: Neo4jGateway, id: string): Promise<StoredCall | undefined> {
  const [row] = await gateway.read(lookupStatement(id));
  return row;
}

let lastPurge = 0;
function purgeExpired(gateway: Neo4jGateway): void {
  if (Date.now() - lastPurge < PURGE_EVERY_MS) return;
  lastPurge = Date.now();
  gateway
    .write(purgeStatement())
    .catch((error: unknown) => logError('idempotency: purging expired keys failed', error));
}

function recorder(id: string, fingerprint: string): Transcript {
  return {
    mode: 'record',
    calls: [],
    sealed: false,
    seal: {
      open: (run) => run(claimStatement(id, fingerprint, IDEMPOTENCY_TTL_SECONDS)),
      close: (run, calls: Row[][]) => run(storeStatement(id, JSON.stringify(calls))),
    },
  };
}

/** Everything that makes two calls the same request: field, arguments, selection, fragments, variables. */
function fingerprintOf(args: unknown, info: GraphQLResolveInfo): string {
  return sha256(
    JSON.stringify([
      info.fieldName,
      args,
      info.fieldNodes.map((node) => print(node)),
      Object.values(info.fragments).map((fragment) => print(fragment)),
      info.variableValues,
    ]),
  );
}

async function idempotent(
  resolve: GraphQLFieldResolver<unknown, Context>,
  source: unknown,
  args: Record<string, unknown>,
  ctx: Context,
  info: GraphQLResolveInfo,
): Promise<unknown> {
  const key = ctx.idempotencyKey ?? '';
  if (!KEY_PATTERN.test(key)) {
    throw new AppError(
      'BAD_USER_INPUT',
      'Idempotency-Key must be 1 to 200 printable ASCII characters without spaces (a UUID, say).',
    );
  }
  const id = sha256(`${ctx.callerScope ?? 'anonymous'}\n${key}\n${String(info.path.key)}`);
  const fingerprint = fingerprintOf(args, info);
  const replay = (stored: StoredCall): Promise<unknown> => {
    if (stored.fingerprint !== fingerprint) {
      throw new AppError(
        'CONFLICT',
        'This Idempotency-Key was used for a different request; use a new key.',
        {
          reason: 'IDEMPOTENCY_KEY_REUSED',
        },
      );
    }
    log(`idempotency: ${info.fieldName} answered from its key's record, not applied again`);
    const calls = JSON.parse(stored.transcript) as Row[][];
    return withTranscript({ mode: 'replay', calls, position: 0 }, () =>
      Promise.resolve(resolve(source, args, ctx, info)),
    );
  };
  purgeExpired(ctx.gateway);
  const stored = await lookup(ctx.gateway, id);
  if (stored) return replay(stored);
  const transcript = recorder(id, fingerprint);
  try {
    return await withTranscript(transcript, () => Promise.resolve(resolve(source, args, ctx, info)));
  } catch (error) {
    // A duplicate that lost the race for the key fails on its record; the winner's answer is its answer.
    if (transcript.mode === 'record' && transcript.sealed) {
      const winner = await lookup(ctx.gateway, id);
      if (winner) return replay(winner);
    }
    throw error;
  }
}

/** Wraps every mutation field so that a request with an Idempotency-Key applies at most once. */
export function withIdempotency(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Context>;
    field.resolve = (source, args: Record<string, unknown>, ctx: Context, info) =>
      ctx.idempotencyKey === undefined
        ? resolve(source, args, ctx, info)
        : idempotent(resolve, source, args, ctx, info);
  }
  return schema;
}
