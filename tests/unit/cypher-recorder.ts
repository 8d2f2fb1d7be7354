import { graphql, type GraphQLSchema } from 'graphql';
import type { Neo4jGateway, Row, Statement } from '../../src/db/neo4j';
import type { Caller } from '../../src/read/context';
import { SERVED_WRITES, type WriteSettings } from '../../src/config/config';
import { createSchema } from '../../src/server/schema';

/** The rows the fake gateway hands back for a statement; none unless a case says otherwise. */
export type Answer = (statement: Statement) => Row[];

let schema: Promise<GraphQLSchema> | undefined;

/**
 * Runs an operation against a gateway that only records what it is given (never a database) and
 * returns the statements sent, in order. Errors a resolver raises because the fake found nothing
 * (NOT_FOUND, a non-null field left null) are expected; any other error fails the case.
 */
export async function recordCypher(
  source: string,
  options: { answer?: Answer; caller?: Caller; writes?: WriteSettings } = {},
): Promise<Statement[]> {
  const recorded: Statement[] = [];
  const answer = options.answer ?? ((): Row[] => []);
  const send = (statement: Statement): Promise<Row[]> => {
    recorded.push(statement);
    return Promise.resolve(answer(statement));
  };
  const gateway = {
    connection: { uri: 'bolt://recorder', user: 'neo4j', database: 'neo4j' },
    read: send,
    write: send,
    writeOne: send,
    writeAll: (_name: string, work: (tx: { run: typeof send }) => Promise<unknown>) => work({ run: send }),
    rehearse: (_name: string, work: (tx: { run: typeof send }) => Promise<unknown>) => work({ run: send }),
  } as unknown as Neo4jGateway;
  const result = await graphql({
    schema: await (schema ??= createSchema()),
    source,
    contextValue: { gateway, writes: options.writes ?? SERVED_WRITES, caller: options.caller ?? 'editor' },
  });
  expect(
    result.errors?.filter((e) => !/Cannot return null|NOT_FOUND|no \w+ has id/.test(e.message)) ?? [],
  ).toEqual([]);
  return recorded;
}

const sortKeys = (params: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));

/**
 * TCK-style text of statements for a reviewer: per statement its name, its Cypher as sent, and its
 * parameters (sorted, as JSON), in one readable block each.
 */
export function tck(statements: readonly Statement[]): string {
  return statements
    .map((s) =>
      [`── ${s.name}`, s.cypher, `── params ${JSON.stringify(sortKeys(s.params ?? {}), null, 2)}`].join('\n'),
    )
    .join('\n\n');
}
