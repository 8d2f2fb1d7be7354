/**
 * The projects of other zones that could fill a segment: the kind of candidate a planner lists beside
 * the firms, with evidence of its own (how far along the project is, whether a source states the fill
 * or it is read from context, who invests). Ranked by a fixed rule, not a score: see PROJECT_RANKING.
 */
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { modelEnum } from '../read/enums';
import { entityType, NodeInterface } from '../read/types';

/** Whether a source states the FILLS link or a curator read it from context. */
export enum FillBasis {
  STATED = 'STATED',
  INFERRED = 'INFERRED',
}

registerEnumType(FillBasis, {
  name: 'FillBasis',
  description: 'How the FILLS link of a project is known.',
  valuesConfig: {
    STATED: { description: 'A source says the project fills or strengthens the segment (补链 / 强链).' },
    INFERRED: {
      description: 'Read from what the project makes; the source does not say it fills the segment.',
    },
  },
});

/** The statuses a project candidate may have, best first: built before being built before signed. */
export const PROJECT_STATUS_RANK = ['PRODUCING', 'BUILDING', 'SIGNED'] as const;

/** The rule the statement orders by, as the schema states it. */
export const PROJECT_RANKING =
  'PRODUCING before BUILDING before SIGNED, then STATED before INFERRED, then by project id. PLANNED projects ' +
  "and those of the chain's own zone are never listed.";

const projectStatus = modelEnum('Project', 'status');
if (!projectStatus) throw new Error('analysis/project-candidates: Project.status has no enum');

@ObjectType({ description: 'Why a project is proposed, as the graph holds it.' })
export class ProjectEvidence {
  @Field(() => projectStatus, { description: 'The project status: PRODUCING, BUILDING or SIGNED.' })
  status!: string;

  @Field(() => FillBasis, { description: 'Whether a source states the FILLS link or it is inferred.' })
  basis!: FillBasis;

  @Field(() => String, {
    nullable: true,
    description: 'How the project acts on the segment, when the source says.',
  })
  mode!: string | null;

  @Field(() => String, { nullable: true, description: 'How the FILLS link was read from its source.' })
  note!: string | null;

  @Field({ description: 'An investor (INVESTS_IN) is chain-master (链主) of some chain.' })
  chainMasterInvestor!: boolean;

  @Field({
    description: 'An investor is a 专精特新 enterprise (its flag true; an unknown flag does not count).',
  })
  specializedInvestor!: boolean;

  @Field(() => [entityType('Source')], { description: 'The sources of the FILLS link.' })
  sources!: object[];
}

@ObjectType({ description: 'A project of another zone that fills or strengthens the segment (FILLS).' })
export class ProjectCandidate {
  @Field(() => entityType('Project'), { description: 'The project.' })
  project!: object;

  @Field(() => entityType('Park'), {
    nullable: true,
    description:
      'The zone (Park of kind ZONE) it lies in, directly or through one of its parks; null when no source ' +
      'locates it in a zone.',
  })
  zone!: object | null;

  @Field(() => [NodeInterface], { description: 'Who signs, invests in or runs it (INVESTS_IN), by name.' })
  investors!: object[];

  @Field(() => ProjectEvidence, { description: `What it is ranked by: ${PROJECT_RANKING}` })
  evidence!: ProjectEvidence;
}
