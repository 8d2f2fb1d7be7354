import type { Statement, TransactionRunner } from '../../src/db/neo4j';
import {
  INVARIANTS,
  invariantViolations,
  mayBreakInvariants,
  type Invariant,
  type LocatedEdge,
} from '../../src/import/invariants';

function invariant(type: Invariant['type']): Invariant {
  const found = INVARIANTS.find((i) => i.type === type);
  if (!found) throw new Error(`no invariant for ${type}`);
  return found;
}

/** Input rows named as a CSV import names them: file and line. */
const rows = (...pairs: [string, string][]): LocatedEdge[] =>
  pairs.map(([from, to], i) => ({ from, to, file: 'in.csv', record: `line ${i + 2} ${from}->${to}` }));

describe('one governing committee per chain', () => {
  const governs = invariant('GOVERNS');

  it('accepts one committee per chain, and the same committee named twice', () => {
    const input = rows(['org:a', 'chain:x'], ['org:b', 'chain:y'], ['org:a', 'chain:x']);
    expect(governs.check(input, [])).toEqual([]);
  });

  it('refuses a second committee within the input, naming the chain and both committees', () => {
    expect(governs.check(rows(['org:a', 'chain:x'], ['org:b', 'chain:x']), [])).toEqual([
      {
        file: '(set)',
        record: 'chain:x',
        field: 'GOVERNS',
        message: 'one chain, one Party committee: governed by org:a, org:b',
      },
    ]);
  });

  it('refuses a committee for a chain the database has governed by another, naming the input row', () => {
    const stored = [{ from: 'org:old', to: 'chain:x' }];
    expect(governs.check(rows(['org:a', 'chain:x']), stored)).toEqual([
      {
        file: 'in.csv',
        record: 'line 2 org:a->chain:x',
        field: 'GOVERNS',
        message: 'one chain, one Party committee: the database has org:old governing chain:x',
      },
    ]);
  });

  it('accepts the committee the database already has, written again', () => {
    expect(governs.check(rows(['org:a', 'chain:x']), [{ from: 'org:a', to: 'chain:x' }])).toEqual([]);
  });
});

describe.each(['FEEDS', 'REPORTS_TO'] as const)('no cycle in %s', (type) => {
  const acyclic = invariant(type);

  it('accepts a chain and a diamond', () => {
    expect(acyclic.check(rows(['a', 'b'], ['b', 'c'], ['a', 'c']), [])).toEqual([]);
  });

  it('refuses a cycle of length 1 within the input, naming the row that closes it and the cycle', () => {
    expect(acyclic.check(rows(['a', 'a']), [])).toEqual([
      { file: 'in.csv', record: 'line 2 a->a', field: type, message: 'forms a cycle: a -> a' },
    ]);
  });

  it('refuses a cycle of length 2 within the input', () => {
    expect(acyclic.check(rows(['a', 'b'], ['b', 'a']), [])).toEqual([
      { file: 'in.csv', record: 'line 3 b->a', field: type, message: 'forms a cycle: a -> b -> a' },
    ]);
  });

  it('lists every cycle of the input once, not only the first', () => {
    const input = rows(['a', 'b'], ['b', 'a'], ['c', 'd'], ['d', 'e'], ['e', 'c'], ['b', 'a'], ['x', 'x']);
    expect(acyclic.check(input, []).map((p) => [p.record, p.message])).toEqual([
      ['line 3 b->a', 'forms a cycle: a -> b -> a'],
      ['line 6 e->c', 'forms a cycle: c -> d -> e -> c'],
      ['line 8 x->x', 'forms a cycle: x -> x'],
    ]);
  });

  it('refuses a row that closes a cycle with stored edges, naming that row and the whole cycle', () => {
    const stored = [
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
    ];
    expect(acyclic.check(rows(['x', 'y'], ['a', 'b']), stored)).toEqual([
      { file: 'in.csv', record: 'line 3 a->b', field: type, message: 'forms a cycle: a -> b -> c -> a' },
    ]);
  });

  it('shows a long cycle by its ends, saying how many nodes it leaves out', () => {
    const ring = Array.from({ length: 30 }, (_, i): [string, string] => [`n${i}`, `n${(i + 1) % 30}`]);
    expect(acyclic.check(rows(...ring), [])).toEqual([
      {
        file: 'in.csv',
        record: 'line 31 n29->n0',
        field: type,
        message:
          'forms a cycle: n0 -> n1 -> n2 -> n3 -> n4 -> n5 -> … 19 more … -> n25 -> n26 -> n27 -> n28 -> n29 -> n0',
      },
    ]);
  });

  it('accepts input rows the database already holds', () => {
    expect(acyclic.check(rows(['a', 'b']), [{ from: 'a', to: 'b' }])).toEqual([]);
  });
});

describe('invariantViolations, the check inside a writing transaction', () => {
  /** Records the statements sent and answers the invariant statement with the row given. */
  function recordingTx(answer: Record<string, unknown>): { tx: TransactionRunner; sent: string[] } {
    const sent: string[] = [];
    const tx: TransactionRunner = {
      // A fake answers with the row the test gives, whatever row type the statement declares.
      run: <R extends object>(statement: Statement<R>): Promise<R[]> => {
        sent.push(statement.name);
        return Promise.resolve((statement.name === 'seed/invariants' ? [answer] : []) as R[]);
      },
    };
    return { tx, sent };
  }

  const added = [
    { type: 'LOCATED_IN', from: 'ent:x', to: 'park:y' },
    { type: 'GOVERNS', from: 'org:a', to: 'chain:x' },
    { type: 'FEEDS', from: 'seg:a', to: 'seg:b' },
    { type: 'FEEDS', from: 'seg:a', to: 'seg:b' },
  ];

  it('takes the lock before it reads, and finds nothing in a database that keeps every rule', async () => {
    const { tx, sent } = recordingTx({ doublyGoverned: [], feedCycles: [], reportCycles: [] });
    expect(await invariantViolations(tx, added)).toEqual([]);
    expect(sent).toEqual(['seed/lockInvariants', 'seed/invariants']);
  });

  it('sends each added edge of an invariant type once, and nothing at all for a write that adds none', async () => {
    const sentParams: unknown[] = [];
    const tx: TransactionRunner = {
      run: <R extends object>(statement: Statement<R>): Promise<R[]> => {
        sentParams.push(statement.params);
        return Promise.resolve([] as R[]);
      },
    };
    await invariantViolations(tx, added);
    expect(sentParams[1]).toEqual({ added: added.slice(1, 3) });
    sentParams.length = 0;
    expect(await invariantViolations(tx, added.slice(0, 1))).toEqual([]);
    expect(sentParams).toEqual([]);
  });

  it('names each chain and each added edge its statement lists, under the relationship of its invariant', async () => {
    const { tx } = recordingTx({
      doublyGoverned: [{ chain: 'chain:x', governors: ['org:a', 'org:b'] }],
      feedCycles: [{ from: 'seg:a', to: 'seg:b', cycle: ['seg:a', 'seg:b', 'seg:a'] }],
      reportCycles: [{ from: 'org:b', to: 'org:c', cycle: ['org:b', 'org:c', 'org:d', 'org:b'] }],
    });
    expect(await invariantViolations(tx, added)).toEqual([
      {
        file: '(database)',
        record: 'chain:x',
        field: 'GOVERNS',
        message: 'one chain, one Party committee: this chain would be governed by org:a, org:b',
      },
      {
        file: '(database)',
        record: 'seg:a->seg:b',
        field: 'FEEDS',
        message: 'closes a cycle: seg:a -> seg:b -> seg:a',
      },
      {
        file: '(database)',
        record: 'org:b->org:c',
        field: 'REPORTS_TO',
        message: 'closes a cycle: org:b -> org:c -> org:d -> org:b',
      },
    ]);
  });
});

describe('which writes can break an invariant', () => {
  it('is exactly the writes that add a relationship of an invariant type', () => {
    for (const { type } of INVARIANTS) expect(mayBreakInvariants(['LOCATED_IN', type])).toBe(true);
    expect(mayBreakInvariants(['LOCATED_IN', 'OPERATES_IN', 'CITES', 'SUPPLIES'])).toBe(false);
    // A node upsert adds no relationship of its own choosing.
    expect(mayBreakInvariants([])).toBe(false);
  });
});
