import { defineLabel, flag, INDICATORS, inn, KIND, oneOf, out, text, zoneOfLocated } from '../define';

export const Enterprise = defineLabel({
  label: 'Enterprise',
  idPrefix: 'ent',
  description: 'A company, with its 高新技术 (highTech) and 专精特新 (specialized) flags.',
  properties: {
    shortName: text('The short name the articles use.'),
    kind: oneOf(KIND, {
      COMPANY: 'A company that makes or sells things.',
      INVESTOR: 'An investment company or fund.',
      BANK: 'A bank or other lender.',
      SOCIAL_ORGANIZATION: 'A social organisation registered as an enterprise (社会组织).',
    }),
    highTech: flag(
      'A certified high-tech enterprise (高新技术企业): true, false where a source says it is not, null when unknown.',
    ),
    specialized: flag('A 专精特新 enterprise: true, false where a source says it is not, null when unknown.'),
    specializedLevel: oneOf('The level of its 专精特新 status.', {
      NATIONAL: 'A national 专精特新 "little giant" (国家级).',
      PROVINCIAL: 'Recognised by the province (省级).',
      MUNICIPAL: 'Recognised by the city (市级).',
    }),
  },
  relations: {
    parks: out('LOCATED_IN', 'Park', true, 'Where it is located.'),
    zone: zoneOfLocated(
      'The zone (Park of kind ZONE) it lies in, whether located in the zone itself or in one of its parks; ' +
        'null when it is located in no zone. Where it lies in several, the first by name.',
    ),
    chains: out('IN_CHAIN', 'IndustryChain', true, 'The chains it is on.'),
    masterOf: out('CHAIN_MASTER_OF', 'IndustryChain', true, 'The chains it is chain-master of.'),
    segments: out('OPERATES_IN', 'ChainSegment', true, 'The segments it works in, where a source says.'),
    suppliers: inn('SUPPLIES', 'Enterprise', true, 'Who supplies it, with the product.', 'SupplyLink'),
    customers: out('SUPPLIES', 'Enterprise', true, 'Whom it supplies, with the product.', 'SupplyLink'),
    partyOrganizations: inn('BELONGS_TO', 'PartyOrganization', true, 'Its Party organisations.'),
    projects: out('INVESTS_IN', 'Project', true, 'Projects it signs or invests in.'),
    outcomes: inn('TRANSFERS_TO', 'Outcome', true, 'Research outcomes transferred to it.'),
    talentSources: inn('TRAINS_FOR', 'Node', true, 'Who trains or places people for it.', 'TalentLink'),
    parent: out('PART_OF', 'Enterprise', false, 'Its parent company.'),
    subsidiaries: inn('PART_OF', 'Enterprise', true, 'Its subsidiaries.'),
    indicators: INDICATORS,
  },
  filters: ['kind', 'park', 'chain', 'segment', 'highTech', 'specialized'],
});
