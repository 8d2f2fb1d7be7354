import type { Statement } from '../../src/db/neo4j';
import {
  claimStatement,
  lookupStatement,
  purgeStatement,
  storeStatement,
} from '../../src/mutations/idempotency-statements';
import { recordCypher, tck } from './cypher-recorder';

// The write matched its source and ends, so the resolver goes on to check the invariants in the same
// transaction. Those statements belong to the validator and are pinned by its own tests; here only
// the write's own statement is shown.
const found = (s: Statement) =>
  s.name.startsWith('write/') ? [{ source: true, a: true, z: true, found: true, node: null }] : [];
const writeOnly = (statements: Statement[]): Statement[] =>
  statements.filter((s) => s.name.startsWith('write/'));

/** TCK-style: the statement of each kind of write, text and parameters. */
const cases: [string, string][] = [
  [
    'upsert of a node, citing a source',
    `mutation { upsertEnterprise(input: { id: "ent:baiyin-htz.a", name: "甲", highTech: true }, source: "source:baiyin") {
        id name segments { name } } }`,
  ],
  ['delete of a node', 'mutation { deleteEnterprise(id: "ent:baiyin-htz.a", source: "source:baiyin") }'],
  [
    'link with properties',
    `mutation { link(input: { type: SUPPLIES, from: "ent:baiyin-htz.a", to: "ent:baiyin-htz.b", product: "正极材料",
        source: "source:baiyin" }) { type from { id } to { id ... on Enterprise { name } } } }`,
  ],
  [
    'unlink',
    'mutation { unlink(input: { type: OPERATES_IN, from: "ent:baiyin-htz.a", to: "seg:lithium.cathode", source: "source:baiyin" }) }',
  ],
];

describe('Cypher of the writes', () => {
  // The change gate a write takes is drawn at random; a fixed draw keeps the parameters shown stable.
  beforeEach(() => jest.spyOn(Math, 'random').mockReturnValue(0.5));
  afterEach(() => jest.restoreAllMocks());

  it.each(cases)('%s', async (_title, source) => {
    const statements = writeOnly(await recordCypher(source, { answer: found }));
    expect(statements).toHaveLength(1);
    expect(tck(statements)).toMatchSnapshot();
  });
});

/** A key record's id: the sha256 of the caller's scope, the key and the response key. */
const KEY = 'c0ffee'.padEnd(64, '0');

describe('Cypher of Idempotency-Key', () => {
  // Sent by the gateway around a recorded mutation, not by a resolver, so shown from their builders.
  it.each<[string, Statement]>([
    ['lookup of a key', lookupStatement(KEY)],
    ['claim of a key', claimStatement(KEY, 'a1b2', 86_400)],
    ['store of the transcript', storeStatement(KEY, '[[{"source":true}]]')],
    ['purge of expired keys', purgeStatement()],
  ])('%s', (_title, statement) => {
    expect(tck([statement])).toMatchSnapshot();
  });
});
