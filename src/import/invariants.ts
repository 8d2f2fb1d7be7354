/**
 * The model's invariants, each declared once with every check of it: within an input (TypeScript, over
 * the rows a write brings, and over what the database holds when a caller reads that first, as the bulk
 * import must, its batches committing one by one) and inside a writing transaction after its writes
 * (one column of cypher/queries/seed/invariants.cypher). The seed, both imports and every mutation use
 * this list, so a rule cannot be enforced on one path and forgotten on another.
 */
import { defineStatement } from '../db/cypher-files';
import type { Neo4jGateway, TransactionRunner } from '../db/neo4j';
import type { SeedProblem } from './format';
import { listCycles } from './graph-checks';
import { LOOKUP_CHUNK } from './lookups';
import { statement } from '../db/cypher-files';

export interface Edge {
  from: string;
  to: string;
}
/** A row of an input, with the file and record a problem names it by. */
export interface LocatedEdge extends Edge {
  file: string;
  record: string;
}

export interface Invariant {
  /** The relationship type whose rows the invariant is about. */
  type: 'GOVERNS' | 'FEEDS' | 'REPORTS_TO';
  /** Problems among an input's rows, and between them and the stored edges given (none: the input alone). */
  check(edges: readonly LocatedEdge[], stored: readonly Edge[]): SeedProblem[];
  /** The stored edges `check` needs to judge these input rows against the database, read before any write. */
  stored(gateway: Neo4jGateway, edges: readonly LocatedEdge[]): Promise<Edge[]>;
  /** The column of the invariant statement that lists what breaks the rule after a write. */
  column: string;
  /** What the in-transaction check says of one entry of `column`: the record it names, and why. */
  violation(entry: Record<string, unknown>): { record: string; message: string };
  /** Whether an input row is one that can have caused a violation reported under the record. */
  involves(row: Edge, record: string): boolean;
}

const COMMITTEE = 'one chain, one Party committee';

/** One governing committee per chain. */
const oneGovernor: Invariant = {
  type: 'GOVERNS',
  check(edges, stored) {
    const problems: SeedProblem[] = [];
    const governors = new Map<string, Set<string>>();
    const first = new Map<string, LocatedEdge>();
    for (const edge of edges) {
      governors.set(edge.to, (governors.get(edge.to) ?? new Set<string>()).add(edge.from));
      if (!first.has(edge.to)) first.set(edge.to, edge);
    }
    for (const [chain, committees] of governors)
      if (committees.size > 1)
        problems.push({
          file: '(set)',
          record: chain,
          field: 'GOVERNS',
          message: `${COMMITTEE}: governed by ${[...committees].join(', ')}`,
        });
    const storedGovernors = new Map<string, string[]>();
    for (const { from, to } of stored) storedGovernors.set(to, [...(storedGovernors.get(to) ?? []), from]);
    for (const [chain, mine] of first) {
      const others = (storedGovernors.get(chain) ?? []).filter((g) => g !== mine.from);
      if (others.length > 0)
        problems.push({
          file: mine.file,
          record: mine.record,
          field: 'GOVERNS',
          message: `${COMMITTEE}: the database has ${others.join(', ')} governing ${chain}`,
        });
    }
    return problems;
  },
  async stored(gateway, edges) {
    const chains = [...new Set(edges.map((e) => e.to))];
    const found: Edge[] = [];
    for (let i = 0; i < chains.length; i += LOOKUP_CHUNK) {
      const rows = await gateway.read(
        statement<{ chain: string; governors: string[] }>(
          'bulk/governors',
          [
            'UNWIND $ids AS id MATCH (c:IndustryChain {id: id})<-[:GOVERNS]-(g:PartyOrganization) RETURN c.id AS chain, collect(g.id) AS governors',
          ],
          { ids: chains.slice(i, i + LOOKUP_CHUNK) },
        ),
      );
      for (const row of rows)
        for (const governor of row.governors) found.push({ from: governor, to: String(row.chain) });
    }
    return found;
  },
  column: 'doublyGoverned',
  violation: (entry) => ({
    record: String(entry.chain),
    message: `${COMMITTEE}: this chain would be governed by ${ids(entry.governors).join(', ')}`,
  }),
  involves: (row, record) => row.to === record,
};

const ids = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const edgeKey = (edge: Edge): string => `${edge.from}->${edge.to}`;

/** Nodes of a cycle shown in full; a longer one is shown by its ends, saying how many it leaves out. */
const SHOWN = 12;
function showCycle(cycle: readonly string[]): string {
  if (cycle.length <= SHOWN) return cycle.join(' -> ');
  const ends = [...cycle.slice(0, SHOWN / 2), `… ${cycle.length - SHOWN} more …`, ...cycle.slice(-SHOWN / 2)];
  return ends.join(' -> ');
}

/**
 * No cycle in a relationship between nodes of one label. Every cycle the input closes, alone or with the
 * stored edges, is listed once (`listCycles`), each named by the input row that closes it or, when the
 * closing edge is a stored one, by the first input row on it.
 */
function acyclic(type: 'FEEDS' | 'REPORTS_TO', label: string, column: string): Invariant {
  return {
    type,
    check(edges, stored) {
      const rows = new Map<string, LocatedEdge>();
      for (const edge of edges) if (!rows.has(edgeKey(edge))) rows.set(edgeKey(edge), edge);
      return listCycles([...edges, ...stored]).map((cycle) => {
        const on = cycle.slice(1).map((to, i) => edgeKey({ from: cycle[i] ?? '', to }));
        const row = rows.get(on[on.length - 1] ?? '') ?? on.map((key) => rows.get(key)).find((r) => r);
        const path = showCycle(cycle);
        // No input row on it: the database held the cycle before this input.
        if (!row) return { file: '(database)', record: path, field: type, message: 'forms a cycle' };
        return { file: row.file, record: row.record, field: type, message: `forms a cycle: ${path}` };
      });
    },
    async stored(gateway, edges) {
      if (edges.length === 0) return [];
      const rows = await gateway.read(
        statement<{ from: string; to: string }>(`bulk/acyclic/${type}`, [
          `MATCH (a:${label})-[:${type}]->(b:${label}) RETURN a.id AS from, b.id AS to`,
        ]),
      );
      return rows.map((r) => ({ from: String(r.from), to: String(r.to) }));
    },
    column,
    violation: (entry) => ({
      record: edgeKey({ from: String(entry.from), to: String(entry.to) }),
      message: `closes a cycle: ${showCycle(ids(entry.cycle))}`,
    }),
    involves: (row, record) => edgeKey(row) === record,
  };
}

/** Every invariant of the model, in the order problems are listed. */
export const INVARIANTS: readonly Invariant[] = [
  oneGovernor,
  acyclic('FEEDS', 'ChainSegment', 'feedCycles'),
  acyclic('REPORTS_TO', 'PartyOrganization', 'reportCycles'),
];

const invariants = defineStatement('seed/invariants');
const lockInvariants = defineStatement('seed/lockInvariants');

/** A relationship a write added (or merged again), as the in-transaction check takes it. */
export interface AddedEdge {
  type: string;
  from: string;
  to: string;
}

/**
 * Whether a write that adds relationships of these types can break an invariant. Every invariant is
 * about one relationship type (a second GOVERNS, a cycle of FEEDS or REPORTS_TO), so a write that adds
 * none of them (a node's properties, a LOCATED_IN) cannot, and need not pay the check and its lock.
 */
export function mayBreakInvariants(types: Iterable<string>): boolean {
  for (const type of types) if (INVARIANTS.some((i) => i.type === type)) return true;
  return false;
}

/**
 * The invariants inside a writing transaction, after its writes, over what the added edges can break:
 * the chains they govern, and for each added a -> b of an acyclic type, whether b reaches a (one
 * shortest-path search each, never an enumeration of paths). Checking the added edges alone is enough
 * because the database kept every rule before this write, and it can see every committed write: the
 * check first takes the invariants' lock, so concurrent writers are checked one after the other, each
 * seeing what the one before it committed (lockInvariants.cypher says why READ COMMITTED needs it).
 */
export async function invariantViolations(
  tx: TransactionRunner,
  added: readonly AddedEdge[],
): Promise<SeedProblem[]> {
  const edges = new Map<string, AddedEdge>();
  for (const { type, from, to } of added)
    if (mayBreakInvariants([type])) edges.set(`${type} ${edgeKey({ from, to })}`, { type, from, to });
  if (edges.size === 0) return [];
  await tx.run(lockInvariants());
  const [row] = await tx.run(invariants({ added: [...edges.values()] }));
  return invariantProblems(row ?? {});
}

/** Turns the invariant statement's answer into problems, naming what breaks each rule. */
function invariantProblems(row: Record<string, unknown>): SeedProblem[] {
  return INVARIANTS.flatMap((invariant) => {
    const found = row[invariant.column];
    const entries = Array.isArray(found) ? (found as Record<string, unknown>[]) : [];
    return entries.map((entry) => ({
      file: '(database)',
      field: invariant.type,
      ...invariant.violation(entry),
    }));
  });
}
