/**
 * `Query.changes`: the change feed. A page is the changes numbered after the cursor, in number order;
 * numbers follow commit order without gaps (history/record.ts), so reading on from `endCursor` neither
 * skips nor repeats a change, however many write meanwhile.
 */
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { AppError } from '../errors';
import { readChanges } from '../history/feed';
import { requireRange } from '../read/args';
import type { Context } from '../read/context';
import { ChangeConnection, changeCursor, ChangeFilterInput, toChange } from './types';

const FEED_DEFAULT = 50;
const FEED_MAX = 500;

/** The seq a cursor names; null (the oldest change kept) without one. */
export function seqOfCursor(cursor: string | null | undefined, name = 'after'): number | null {
  if (cursor === undefined || cursor === null) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^change:(0|[1-9][0-9]{0,15})$/.exec(text);
  if (!match || changeCursor(Number(match[1])) !== cursor)
    throw new AppError(
      'BAD_USER_INPUT',
      `${name} is not a change cursor: give an endCursor or edge cursor of changes`,
    );
  return Number(match[1]);
}

@Resolver()
export class ChangeFeedResolver {
  @Query(() => ChangeConnection, {
    description:
      'The change log, oldest first: what was written, by whom, citing what, with properties before and after. ' +
      'Read on with `after: pageInfo.endCursor`; a cursor older than the retention (CHANGE_RETENTION_DAYS) is CURSOR_EXPIRED.',
  })
  async changes(
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from a previous page or edge.' })
    after?: string | null,
    @Arg('first', () => Int, {
      nullable: true,
      description: `At most ${FEED_MAX}; ${FEED_DEFAULT} by default.`,
    })
    first?: number | null,
    @Arg('filter', () => ChangeFilterInput, { nullable: true, description: 'Which changes; all by default.' })
    filter?: ChangeFilterInput | null,
  ): Promise<ChangeConnection> {
    const size =
      first === undefined || first === null ? FEED_DEFAULT : requireRange('first', first, 1, FEED_MAX);
    // One more than the page tells whether another page follows, exactly, even under a filter.
    const read = await readChanges(ctx.gateway, {
      after: seqOfCursor(after),
      first: size + 1,
      filter: filter ?? undefined,
    });
    const { changes, head, after: from } = read;
    const page = changes.slice(0, size);
    const more = changes.length > size;
    const end = more ? (page.at(-1)?.seq ?? from) : read.readTo;
    return {
      edges: page.map((record) => ({ cursor: changeCursor(record.seq), node: toChange(record) })),
      pageInfo: { endCursor: changeCursor(end), hasNextPage: more },
      head: String(head),
    };
  }
}
