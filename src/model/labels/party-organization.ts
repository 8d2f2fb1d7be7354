import { both, defineLabel, INDICATORS, inn, KIND, oneOf, out, text } from '../define';

export const PartyOrganization = defineLabel({
  label: 'PartyOrganization',
  idPrefix: 'org',
  description:
    'A Party organisation: working committee, committee, joint committee, general branch or branch.',
  properties: {
    kind: oneOf(
      KIND,
      {
        WORKING_COMMITTEE: 'A zone’s Party working committee (党工委).',
        COMMITTEE: 'A Party committee (党委, 综合党委).',
        JOINT_COMMITTEE: 'A chain’s joint Party committee (产业链联合党委): one chain, one committee.',
        GENERAL_BRANCH: 'A general Party branch (党总支).',
        BRANCH: 'A Party branch (党支部).',
        GROUP: 'A Party group (党小组).',
      },
      { required: true },
    ),
    secretary: text('Its secretary, as the article names them.'),
    nameBasis: text('DESCRIPTIVE when the article states it but does not name it.'),
  },
  relations: {
    reportsTo: out('REPORTS_TO', 'PartyOrganization', false, 'The organisation above it.'),
    subordinates: inn('REPORTS_TO', 'PartyOrganization', true, 'The organisations below it.'),
    governs: out('GOVERNS', 'IndustryChain', false, 'The chain it governs, for a joint committee.'),
    belongsTo: out('BELONGS_TO', 'Node', false, 'The enterprise, body or zone it is the organisation of.'),
    members: inn('MEMBER_OF', 'Node', true, 'Its member organisations.'),
    pairedWith: both('PAIRED_WITH', 'Node', true, 'Co-building partners (结对共建).'),
    leaders: inn('LEADS', 'GovernmentBody', true, 'Government bodies that lead it.'),
    teams: inn('ORGANISED_BY', 'Node', true, 'Teams and platforms it set up.'),
    indicators: INDICATORS,
  },
  filters: ['kind'],
});
