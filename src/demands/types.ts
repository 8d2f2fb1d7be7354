/**
 * The demand loop's vocabulary: the step each state may take and the time it stamps, who a demand may
 * be handed to, the scopes it is counted over, and the GraphQL input and statistics types.
 */
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { isNodeId } from '../read/args';
import { DemandState } from '../read/enums';
import { NODE_SPECS, type NodeLabel } from '../model/registry';

// The GraphQL enum is built with the model's other enums; re-exported for the demand loop's callers.
export { DemandState };

/** The one step each state may take, and the timestamp property it sets. */
export const NEXT_STATE: Record<DemandState, DemandState | undefined> = {
  FOUND: DemandState.ASSIGNED,
  ASSIGNED: DemandState.RECTIFYING,
  RECTIFYING: DemandState.CLOSED,
  CLOSED: DemandState.REVIEWED,
  REVIEWED: undefined,
};
export const STAMP: Record<DemandState, string> = {
  FOUND: 'foundAt',
  ASSIGNED: 'assignedAt',
  RECTIFYING: 'rectifyingAt',
  CLOSED: 'closedAt',
  REVIEWED: 'reviewedAt',
};

const CATEGORIES = NODE_SPECS.Demand.enums?.category ?? [];
/** Who a demand may be handed to. */
export const ASSIGNEES: readonly NodeLabel[] = [
  'GovernmentBody',
  'PioneerTeam',
  'Platform',
  'PartyOrganization',
];
/** The kinds of id `openDemands(of:)` and `demandStats(of:)` take. */
export const DEMAND_SCOPES: readonly NodeLabel[] = ['Park', 'IndustryChain', ...ASSIGNEES];
const idRule = isNodeId();

@InputType({ description: 'A demand an enterprise raises.' })
export class DemandInput {
  @Field(() => ID, { description: 'The id, demand:slug.' })
  @Matches(/^demand:/, { message: 'id must start with demand:' })
  @idRule
  id!: string;

  @Field({ description: 'What the enterprise asks for, in its words.' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  name!: string;

  @Field({ description: `One of ${CATEGORIES.join(', ')}.` })
  @IsIn([...CATEGORIES], { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category!: string;

  @Field(() => ID, { description: 'The enterprise that raises it.' })
  @idRule
  enterprise!: string;

  @Field(() => ID, { description: 'The Source it is recorded from.' })
  @idRule
  source!: string;

  @Field(() => String, { nullable: true, description: 'A curator’s note, at most 2000 characters.' })
  @IsOptional()
  @MaxLength(2000)
  note?: string;
}

@ObjectType({
  description: 'How a set of demands is handled: closure rate and response times, counted from the demands.',
})
export class DemandStats {
  @Field(() => Int, { description: 'All the demands counted.' })
  total!: number;

  @Field(() => Int, { description: 'Demands not yet CLOSED or REVIEWED.' })
  open!: number;

  @Field(() => Int, { description: 'Demands CLOSED or REVIEWED.' })
  closed!: number;

  @Field(() => Float, { nullable: true, description: 'closed / total; null without demands.' })
  closureRate?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean hours from found to assigned, over assigned demands.',
  })
  meanResponseHours?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean hours from found to closed, over closed demands.',
  })
  meanClosingHours?: number | null;
}
