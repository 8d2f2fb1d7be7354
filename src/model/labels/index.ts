/**
 * Every label, in the order the registry, the schema's model tables and the seed report list them.
 * A new label is a new file beside this one, added to this list.
 */
import { ChainSegment } from './chain-segment';
import { ChainType } from './chain-type';
import { Demand } from './demand';
import { Enterprise } from './enterprise';
import { GovernmentBody } from './government-body';
import { Indicator } from './indicator';
import { IndustryChain } from './industry-chain';
import { Institution } from './institution';
import { Outcome } from './outcome';
import { Park } from './park';
import { PartyOrganization } from './party-organization';
import { PioneerTeam } from './pioneer-team';
import { Platform } from './platform';
import { Project } from './project';
import { Source } from './source';

export const LABELS = [
  Source,
  Park,
  ChainType,
  ChainSegment,
  IndustryChain,
  Enterprise,
  PartyOrganization,
  GovernmentBody,
  Institution,
  Platform,
  PioneerTeam,
  Project,
  Outcome,
  Demand,
  Indicator,
] as const;
