/**
 * What changed on a chain map between two times: the chain map at each (gaps.ts, as of a time) compared
 * here, and the changes of the log between them that touched each difference, for attribution.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { AppError } from '../errors';
import { changesBetween } from '../history/undo';
import type { ChangeRecord } from '../history/change';
import type { Row } from '../db/neo4j';
import type { Context } from '../read/context';
import { mergeSets, selectionOf, subSelection, type Selection } from '../read/compile';
import { entityType } from '../read/types';
import { chainSnapshotAt, requirePast, SegmentStatus, type ChainSnapshot } from './gaps';

export enum GapMove {
  CLOSED = 'CLOSED',
  OPENED = 'OPENED',
}
registerEnumType(GapMove, {
  name: 'GapMove',
  description:
    'Which way a segment moved on the scale MISSING < WEAK < FILLING < COVERED: a gap closing or opening.',
  valuesConfig: {
    CLOSED: {
      description: 'Towards COVERED: a gap closed or narrowed (MISSING → FILLING, WEAK → COVERED, ...).',
    },
    OPENED: {
      description: 'Away from COVERED: a gap opened or widened (COVERED → WEAK, FILLING → MISSING, ...).',
    },
  },
});

export enum MemberMove {
  ENTERED = 'ENTERED',
  LEFT = 'LEFT',
}
registerEnumType(MemberMove, {
  name: 'MemberMove',
  description:
    "Whether an enterprise of the zone began or stopped counting for a segment of the chain's map.",
  valuesConfig: {
    ENTERED: { description: 'It works in the segment at `to` and did not at `from`.' },
    LEFT: { description: 'It worked in the segment at `from` and does not at `to`.' },
  },
});

@ObjectType({ description: 'A change of the log that made part of a difference: who, when, citing what.' })
export class DiffChange {
  @Field(() => ID, { description: 'Its number in the change log (Query.changes).' })
  seq!: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When it committed.' })
  at!: string;

  @Field({ description: 'What it did: CREATE, UPDATE, DELETE, LINK, UNLINK or DEMAND_STEP.' })
  op!: string;

  @Field({ description: 'The role of the key that wrote it.' })
  actorRole!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The name of the key that wrote it (API_KEYS role@name:key).',
  })
  actorName!: string | null;

  @Field(() => ID, { nullable: true, description: 'The Source the write cited.' })
  source!: string | null;
}

@ObjectType({ description: 'A segment whose status differs between the two times.' })
export class SegmentStatusChange {
  @Field(() => entityType('ChainSegment'), { description: 'The segment, as it stands at `to`.' })
  segment!: object;

  @Field(() => SegmentStatus, {
    nullable: true,
    description: 'Its status at `from`; null when it was not on the map.',
  })
  from!: SegmentStatus | null;

  @Field(() => SegmentStatus, {
    nullable: true,
    description: 'Its status at `to`; null when it is no longer on the map.',
  })
  to!: SegmentStatus | null;

  @Field(() => GapMove, { description: 'Whether the gap closed or opened.' })
  move!: GapMove;

  @Field(() => [DiffChange], {
    description:
      'The changes between the times that named the segment, or a firm or project that moved on it.',
  })
  changes!: DiffChange[];
}

@ObjectType({
  description: 'An enterprise of the zone that entered or left a segment between the two times.',
})
export class SegmentMemberChange {
  @Field(() => entityType('ChainSegment'), { description: 'The segment.' })
  segment!: object;

  @Field(() => entityType('Enterprise'), {
    description: 'The enterprise, as it stood at `to` (ENTERED) or at `from` (LEFT).',
  })
  enterprise!: object;

  @Field(() => MemberMove, { description: 'Whether it entered or left.' })
  move!: MemberMove;

  @Field(() => [DiffChange], { description: 'The changes between the times that named the enterprise.' })
  changes!: DiffChange[];
}

@ObjectType({ description: "A project of the chain's map whose status moved between the two times." })
export class ProjectStatusChange {
  @Field(() => entityType('Project'), {
    description: 'The project, as it stood at `to` (at `from` when gone).',
  })
  project!: object;

  @Field(() => String, {
    nullable: true,
    description: 'Its status at `from`; null when it filled no segment then.',
  })
  from!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Its status at `to`; null when it fills no segment now.',
  })
  to!: string | null;

  @Field(() => [DiffChange], { description: 'The changes between the times that named the project.' })
  changes!: DiffChange[];
}

@ObjectType({ description: "What changed on a chain's map between two times, and which changes did it." })
export class ChainDiff {
  @Field(() => ID, { description: 'The chain.' })
  chainId!: string;

  @Field(() => GraphQLDateTimeISO, { description: 'The earlier time.' })
  from!: string;

  @Field(() => GraphQLDateTimeISO, { description: 'The later time (now when not given).' })
  to!: string;

  @Field(() => [SegmentStatusChange], { description: 'Segments whose status changed, in flow order.' })
  segments!: SegmentStatusChange[];

  @Field(() => [SegmentMemberChange], {
    description:
      'Enterprises of the zone that entered or left a segment, by segment in flow order, then by name.',
  })
  enterprises!: SegmentMemberChange[];

  @Field(() => [ProjectStatusChange], { description: 'Projects whose status moved, by id.' })
  projects!: ProjectStatusChange[];

  @Field(() => [DiffChange], {
    description: "Every change of the chain's scope between the times, oldest first.",
  })
  changes!: DiffChange[];
}

const RANK: Record<SegmentStatus, number> = { MISSING: 0, WEAK: 1, FILLING: 2, COVERED: 3 };

const field = (name: string, sets: SelectionSetNode[] = []): FieldNode => ({
  kind: Kind.FIELD,
  name: { kind: Kind.NAME, value: name },
  selectionSet: mergeSets(sets),
});
const set = (fields: FieldNode[]): SelectionSetNode => ({ kind: Kind.SELECTION_SET, selections: fields });

/**
 * The chain-map selection a diff needs: every segment's id, status, firms and projects with their
 * status, each with what the client selected of it under any of the diff's lists.
 */
function diffSelection({ set: client, fragments }: Selection): Selection {
  const under = (path: string[]): SelectionSetNode[] => subSelection(client, 'ChainDiff', path, fragments);
  const ids = set([field('id')]);
  const segment = [ids, ...under(['segments', 'segment']), ...under(['enterprises', 'segment'])];
  // The name orders a segment's firms, whatever the client selected.
  const enterprise = [set([field('id'), field('name')]), ...under(['enterprises', 'enterprise'])];
  const project = [set([field('id'), field('status')]), ...under(['projects', 'project'])];
  const segments = field('segments', [
    set([
      field('segment', segment),
      field('status'),
      field('enterprises', enterprise),
      field('projects', project),
    ]),
  ]);
  return { set: set([field('chain', [ids]), segments]), fragments };
}

const id = (row: Row): string => String(row.id);
/** Name, then id: the order of a segment's firms. */
const nameOf = (row: object): string => {
  const r = row as Row;
  return `${typeof r.name === 'string' ? r.name : ''}\u0000${id(r)}`;
};

const toDiffChange = (c: ChangeRecord): DiffChange => ({
  seq: String(c.seq),
  at: c.at,
  op: c.op,
  actorRole: c.actor.role,
  actorName: c.actor.name,
  source: c.source,
});

/** The changes naming any of `ids`, as a diff item's attribution. */
function naming(changes: ChangeRecord[], ids: Set<string>): DiffChange[] {
  return changes
    .filter((c) => [c.id, c.relationship?.from, c.relationship?.to].some((x) => x && ids.has(x)))
    .map(toDiffChange);
}

/** The diff of two chain maps of one chain; either may be null (the chain did not exist then). */
export function compareSnapshots(
  before: ChainSnapshot | null,
  after: ChainSnapshot | null,
  changes: ChangeRecord[],
): Pick<ChainDiff, 'segments' | 'enterprises' | 'projects'> {
  const old = new Map((before?.segments ?? []).map((s) => [id(s.segment as Row), s]));
  const now = new Map((after?.segments ?? []).map((s) => [id(s.segment as Row), s]));
  // Flow order at `to`, then the segments gone since in their order at `from`.
  const order = [...now.keys(), ...[...old.keys()].filter((k) => !now.has(k))];
  const enterprises: SegmentMemberChange[] = [];
  const segments: SegmentStatusChange[] = [];
  const projectsThen = new Map<string, Row>();
  const projectsNow = new Map<string, Row>();
  for (const key of order) {
    const a = old.get(key);
    const b = now.get(key);
    const segment = (b ?? a)?.segment as Row;
    const firmsThen = new Map((a?.enterprises ?? []).map((e) => [id(e as Row), e as Row]));
    const firmsNow = new Map((b?.enterprises ?? []).map((e) => [id(e as Row), e as Row]));
    const moved = new Set<string>([key]);
    const members: SegmentMemberChange[] = [];
    for (const [k, e] of firmsNow)
      if (!firmsThen.has(k)) members.push({ segment, enterprise: e, move: MemberMove.ENTERED, changes: [] });
    for (const [k, e] of firmsThen)
      if (!firmsNow.has(k)) members.push({ segment, enterprise: e, move: MemberMove.LEFT, changes: [] });
    members.sort((x, y) => nameOf(x.enterprise).localeCompare(nameOf(y.enterprise)));
    for (const m of members) {
      moved.add(id(m.enterprise as Row));
      m.changes = naming(changes, new Set([id(m.enterprise as Row)]));
    }
    enterprises.push(...members);
    for (const p of a?.projects ?? []) projectsThen.set(id(p as Row), p as Row);
    for (const p of b?.projects ?? []) projectsNow.set(id(p as Row), p as Row);
    const projectIds = new Set([...(a?.projects ?? []), ...(b?.projects ?? [])].map((p) => id(p as Row)));
    const from = a?.status ?? null;
    const to = b?.status ?? null;
    if (from === to) continue;
    for (const p of projectIds) moved.add(p);
    const rise = (to === null ? -1 : RANK[to]) - (from === null ? -1 : RANK[from]);
    segments.push({
      segment,
      from,
      to,
      move: rise > 0 ? GapMove.CLOSED : GapMove.OPENED,
      changes: naming(changes, moved),
    });
  }
  const projects: ProjectStatusChange[] = [];
  for (const key of [...new Set([...projectsThen.keys(), ...projectsNow.keys()])].sort()) {
    const from = (projectsThen.get(key)?.status as string | undefined) ?? null;
    const to = (projectsNow.get(key)?.status as string | undefined) ?? null;
    if (from === to) continue;
    const project = projectsNow.get(key) ?? projectsThen.get(key) ?? {};
    projects.push({ project, from, to, changes: naming(changes, new Set([key])) });
  }
  return { segments, enterprises, projects };
}

/** `chainDiff`: the chain map at `from` against the one at `to` (now by default). */
export async function chainDiff(
  ctx: Context,
  info: GraphQLResolveInfo,
  chainId: string,
  fromArg: Date,
  toArg?: Date | null,
): Promise<ChainDiff> {
  const checkedAt = Date.now();
  const from = requirePast('from', fromArg, checkedAt);
  const to = toArg === undefined || toArg === null ? null : requirePast('to', toArg, checkedAt);
  const until = to ?? new Date(checkedAt).toISOString();
  if (from > until)
    throw new AppError(
      'BAD_USER_INPUT',
      `from (${from}) is after to (${until}); give the earlier time first`,
    );
  const selection = diffSelection(selectionOf(info));
  const before = await chainSnapshotAt(ctx, selection, chainId, { asOf: from });
  const after = await chainSnapshotAt(ctx, selection, chainId, { asOf: to });
  const changes = await changesBetween(ctx.gateway, chainId, from, to);
  return {
    chainId,
    from,
    to: until,
    ...compareSnapshots(before, after, changes),
    changes: changes.map(toDiffChange),
  };
}
