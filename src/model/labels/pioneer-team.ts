import { defineLabel, INDICATORS, KIND, oneOf, out, text } from '../define';

export const PioneerTeam = defineLabel({
  label: 'PioneerTeam',
  idPrefix: 'team',
  description: 'A Party-member pioneer team, task group or service team.',
  properties: {
    kind: oneOf(
      KIND,
      {
        TECHNOLOGY: 'Technical problem-solving (技术攻坚).',
        INDUSTRY_EDUCATION: 'Industry–education integration (产教融合).',
        SUPPLY_DEMAND: 'Matching supply and demand (供需对接).',
        SERVICE: 'Service to enterprises (企服).',
        TASK: 'A task group for one job (攻坚组).',
        INVESTMENT: 'Investment promotion (招商).',
      },
      { required: true },
    ),
    leader: text('Its leader, as the article names them.'),
  },
  relations: {
    organisedBy: out('ORGANISED_BY', 'Node', true, 'Who set it up.'),
    serves: out('SERVES', 'Node', true, 'Whom it serves.'),
    indicators: INDICATORS,
  },
  filters: ['kind'],
});
