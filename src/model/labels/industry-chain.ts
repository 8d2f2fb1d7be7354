import { defineLabel, INDICATORS, inn, out } from '../define';

export const IndustryChain = defineLabel({
  label: 'IndustryChain',
  idPrefix: 'chain',
  description: 'An industry chain as one zone organises it.',
  properties: {},
  relations: {
    zone: inn('HAS_CHAIN', 'Park', false, 'The zone that organises this chain.'),
    chainType: out('OF_TYPE', 'ChainType', false, 'The chain type: its map of segments.'),
    committee: inn(
      'GOVERNS',
      'PartyOrganization',
      false,
      'The joint Party committee governing this chain (at most one).',
    ),
    chainMasters: inn('CHAIN_MASTER_OF', 'Enterprise', true, 'Chain-master enterprises (链主).'),
    leaders: inn(
      'LEADS',
      'GovernmentBody',
      true,
      'Chain leaders (链长), as the sources name them; empty when they name none (see leadersNamed).',
    ),
    enterprises: inn('IN_CHAIN', 'Enterprise', true, 'Enterprises on this chain.'),
    projects: inn('IN_CHAIN', 'Project', true, 'Key projects of this chain.'),
    partners: inn('PARTNERS_WITH', 'Node', true, 'Institutions and platforms co-building this chain.'),
    talentSources: inn(
      'TRAINS_FOR',
      'Node',
      true,
      'Who trains or places people for this chain.',
      'TalentLink',
    ),
    teams: inn('SERVES', 'Node', true, 'Teams and platforms serving this chain.'),
    indicators: INDICATORS,
  },
  named: {
    leadersNamed: {
      relation: 'leaders',
      description:
        'True when a source names a chain leader (链长, LEADS); false when the sources name none, which is ' +
        'why `leaders` is empty, not that the chain has no leader.',
    },
  },
  filters: ['zone', 'chainType'],
});
