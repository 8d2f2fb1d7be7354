import type { Row, Statement } from '../../src/db/neo4j';
import type { ChangeRecord } from '../../src/history/change';
import { pruneStatement } from '../../src/history/feed';
import { horizonStatement, scopeChangesStatement, undoStatement } from '../../src/history/undo';
import { recordCypher, tck } from './cypher-recorder';

const CHAIN = 'chain:qingdao-htz.cnc-machine-tools';

const change = (over: Partial<ChangeRecord>): ChangeRecord => ({
  seq: 7,
  at: '2026-01-06T08:00:00.000Z',
  actor: { role: 'editor', name: 'planner' },
  op: 'UPDATE',
  label: null,
  id: null,
  relationship: null,
  before: null,
  after: null,
  removed: [],
  source: 'source:000-qingdao-machine-tools',
  counts: null,
  files: [],
  zones: [],
  chains: [],
  ...over,
});

const STAMPED = {
  id: 'project:qingdao-htz.five-axis',
  status: 'PLANNED',
  updatedAt: '2026-01-05T08:00:00.000Z',
};
const rel = (type: string, from: string, to: string): ChangeRecord['relationship'] => ({
  type,
  fromLabel: from.startsWith('ent:') ? 'Enterprise' : 'Project',
  from,
  toLabel: 'ChainSegment',
  to,
});

/** One change of each kind the log can undo, and the statement that undoes it. */
const undoCases: [string, ChangeRecord][] = [
  ['CREATE: the node deleted', change({ op: 'CREATE', label: 'Enterprise', id: 'ent:qingdao-htz.newco' })],
  [
    'UPDATE: the properties set back, times as datetimes, CITES following sources',
    change({ op: 'UPDATE', label: 'Project', id: STAMPED.id, before: STAMPED }),
  ],
  [
    'DELETE: the node and the relationships it took, one UNWIND per type and direction',
    change({
      op: 'DELETE',
      label: 'Enterprise',
      id: 'ent:qingdao-htz.yunding-software',
      before: { id: 'ent:qingdao-htz.yunding-software', name: '云鼎软件', sources: ['source:000'] },
      removed: [
        {
          type: 'LOCATED_IN',
          fromLabel: 'Enterprise',
          from: 'ent:qingdao-htz.yunding-software',
          toLabel: 'Park',
          to: 'park:qingdao-htz',
          props: {},
        },
        {
          type: 'OPERATES_IN',
          fromLabel: 'Enterprise',
          from: 'ent:qingdao-htz.yunding-software',
          toLabel: 'ChainSegment',
          to: 'seg:a',
          props: { createdAt: '2026-01-05T08:00:00.000Z' },
        },
        {
          type: 'OPERATES_IN',
          fromLabel: 'Enterprise',
          from: 'ent:qingdao-htz.yunding-software',
          toLabel: 'ChainSegment',
          to: 'seg:b',
          props: {},
        },
        {
          type: 'SUPPLIES',
          fromLabel: 'Enterprise',
          from: 'ent:other.buyer',
          toLabel: 'Enterprise',
          to: 'ent:qingdao-htz.yunding-software',
          props: { product: '软件' },
        },
      ],
    }),
  ],
  [
    'LINK that made the relationship: removed',
    change({ op: 'LINK', relationship: rel('OPERATES_IN', 'ent:qingdao-htz.liding', 'seg:main'), after: {} }),
  ],
  [
    'LINK that set properties: set back',
    change({
      op: 'LINK',
      relationship: rel('FILLS', 'project:qingdao-htz.five-axis', 'seg:main'),
      before: { sources: ['source:000'] },
      after: { note: '签约落地' },
    }),
  ],
  [
    'UNLINK: made again with its properties',
    change({
      op: 'UNLINK',
      relationship: rel('OPERATES_IN', 'ent:qingdao-htz.liding', 'seg:main'),
      before: { sources: ['source:000'] },
    }),
  ],
];

/** A horizon with one change of each kind after it, so an as-of answer sends every undo statement. */
const answer = (statement: Statement): Row[] => {
  if (statement.name === 'history/horizon')
    return [
      {
        head: 12,
        pruned: 0,
        expired: false,
        at: 5,
        zones: ['park:qingdao-htz'],
        ids: [CHAIN, 'chaintype:cnc-machine-tools'],
      },
    ];
  if (statement.name === 'history/toUndo')
    return [
      {
        seq: 9,
        at: '2026-01-06T08:00:00Z',
        actorRole: 'editor',
        actorName: null,
        op: 'UPDATE',
        label: 'Project',
        entityId: STAMPED.id,
        relType: null,
        fromLabel: null,
        fromId: null,
        toLabel: null,
        toId: null,
        before: JSON.stringify(STAMPED),
        after: null,
        removed: null,
        source: null,
        counts: null,
        files: [],
        zones: [],
        chains: [CHAIN],
      },
      {
        seq: 8,
        at: '2026-01-06T07:00:00Z',
        actorRole: 'editor',
        actorName: null,
        op: 'LINK',
        label: null,
        entityId: null,
        relType: 'OPERATES_IN',
        fromLabel: 'Enterprise',
        fromId: 'ent:qingdao-htz.liding',
        toLabel: 'ChainSegment',
        toId: 'seg:main',
        before: null,
        after: '{}',
        removed: null,
        source: null,
        counts: null,
        files: [],
        zones: [],
        chains: [],
      },
    ];
  if (statement.name === 'history/state') return [{ seq: 12, pruned: 0 }];
  if (statement.name === 'analysis/chainSnapshot')
    return [{ found: true, chain: { id: CHAIN }, segments: [] }];
  return [];
};

/** What one as-of chain map sends, in its rehearsal. */
const AS_OF = [
  'history/horizon',
  'history/toUndoPending',
  'history/toUndo',
  'history/undo/update',
  'history/undo/link',
  'analysis/chainSnapshot',
  'history/landed',
];

describe('Cypher of the history: as-of reads and undo', () => {
  it.each(undoCases)('undoes %s', (_title, record) => {
    expect(tck([undoStatement(record)])).toMatchSnapshot();
  });

  it('refuses to undo what the log kept no before and after of, or a label it does not know', () => {
    const refusal = (record: ChangeRecord): unknown => {
      try {
        undoStatement(record);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(refusal(change({ op: 'IMPORT', counts: { Enterprise: 1 } }))).toMatchObject({
      code: 'HISTORY_UNAVAILABLE',
      message: expect.stringContaining('change 7 (IMPORT') as unknown,
    });
    expect(refusal(change({ op: 'CREATE', label: 'Nope`) DETACH DELETE (n', id: 'x:y' }))).toMatchObject({
      code: 'HISTORY_UNAVAILABLE',
    });
  });

  it('finds the horizon, the changes of a scope, and prunes keeping the time it cut at', () => {
    const scope = { chain: CHAIN, zones: ['park:qingdao-htz'], ids: [CHAIN] };
    expect(
      tck([
        horizonStatement(CHAIN, '2026-01-06T08:00:00.000Z'),
        scopeChangesStatement(5, 12, scope),
        scopeChangesStatement(5, 12, scope, 'oldest'),
        pruneStatement('2026-01-01T00:00:00.000Z'),
      ]),
    ).toMatchSnapshot();
  });

  it('sends chainSnapshot as of a time inside one rehearsal: horizon, changes, undo, the same snapshot, the head', async () => {
    const statements = await recordCypher(
      `{ chainSnapshot(chainId: "${CHAIN}", asOf: "2026-01-06T08:00:00Z") { segments { status } covered } }`,
      { answer },
    );
    expect(statements.map((s) => s.name)).toEqual(AS_OF);
    expect(tck(statements)).toMatchSnapshot();
  });

  it('sends chainDiff as two as-of snapshots and the changes between', async () => {
    const statements = await recordCypher(
      `{ chainDiff(chainId: "${CHAIN}", from: "2026-01-06T08:00:00Z", to: "2026-01-07T08:00:00Z") {
          segments { segment { name } from to move } enterprises { enterprise { name } move } projects { project { name } from to } } }`,
      { answer },
    );
    expect(statements.map((s) => s.name)).toEqual([
      ...AS_OF,
      ...AS_OF,
      'history/horizon',
      'history/horizon',
      'history/scopeChanges',
    ]);
    expect(tck(statements.filter((s) => s.name === 'analysis/chainSnapshot').slice(0, 1))).toMatchSnapshot();
  });
});
