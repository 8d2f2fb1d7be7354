import { defineLabel, INDICATORS, inn, KIND, oneOf, out } from '../define';

export const Institution = defineLabel({
  label: 'Institution',
  idPrefix: 'inst',
  description: 'A university, college, laboratory, institute or technology-transfer centre.',
  properties: {
    kind: oneOf(
      KIND,
      {
        UNIVERSITY: 'A university (大学).',
        COLLEGE: 'A college, or a school of a university (学院).',
        LAB: 'A laboratory (实验室).',
        INSTITUTE: 'A research institute (研究院, 研究所).',
        TRANSFER_CENTER: 'A technology-transfer centre (技术转移中心).',
        SOCIAL_ORGANIZATION: 'An association or other social organisation (协会, 社会组织).',
      },
      { required: true },
    ),
  },
  relations: {
    parent: out('PART_OF', 'Institution', false, 'The institution it belongs to.'),
    units: inn('PART_OF', 'Institution', true, 'Its colleges, labs and centres.'),
    partners: out('PARTNERS_WITH', 'Node', true, 'Zones, chains and organisations it co-builds with.'),
    trainsFor: out(
      'TRAINS_FOR',
      'Node',
      true,
      'Talent chain: whom it trains or places people for.',
      'TalentLink',
    ),
    outcomes: out('DEVELOPED', 'Outcome', true, 'Research outcomes it developed.'),
    parks: out('LOCATED_IN', 'Park', true, 'Where it is located.'),
    indicators: INDICATORS,
  },
  filters: ['kind', 'park'],
});
