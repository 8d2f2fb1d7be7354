import { defineLabel, INDICATORS, inn, oneOf, out, text, textList } from '../define';

export const Park = defineLabel({
  label: 'Park',
  idPrefix: 'park',
  description: 'A high-tech zone (kind ZONE) or a park inside one (kind PARK).',
  properties: {
    kind: oneOf(
      'ZONE or PARK.',
      { ZONE: 'A high-tech zone (高新区).', PARK: 'A park (园区) inside a zone.' },
      { required: true },
    ),
    level: oneOf('NATIONAL or PROVINCIAL, for zones.', {
      NATIONAL: 'A national high-tech zone (国家级).',
      PROVINCIAL: 'A provincial high-tech zone (省级).',
    }),
    city: text('The city.'),
    province: text('The province.'),
    aliases: textList('Other names the articles use.'),
  },
  relations: {
    zone: out('PART_OF', 'Park', false, 'The zone this park lies in.'),
    parks: inn('PART_OF', 'Park', true, 'The parks inside this zone.'),
    chains: out('HAS_CHAIN', 'IndustryChain', true, 'The industry chains this zone organises.'),
    enterprises: inn('LOCATED_IN', 'Enterprise', true, 'Enterprises located here.'),
    projects: inn('LOCATED_IN', 'Project', true, 'Projects located here.'),
    institutions: inn('LOCATED_IN', 'Institution', true, 'Institutions located here.'),
    partners: inn(
      'PARTNERS_WITH',
      'Node',
      true,
      'Institutions and others that co-build with this zone or park.',
    ),
    partyOrganizations: inn('BELONGS_TO', 'PartyOrganization', true, "The zone's own Party organisations."),
    indicators: INDICATORS,
  },
  filters: ['kind', 'zone'],
});
