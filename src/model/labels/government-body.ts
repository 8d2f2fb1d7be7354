import { defineLabel, INDICATORS, out } from '../define';

export const GovernmentBody = defineLabel({
  label: 'GovernmentBody',
  idPrefix: 'gov',
  description: 'A government department, office or public unit; may lead a chain (链长).',
  properties: {},
  relations: {
    leads: out('LEADS', 'Node', true, 'The chains or Party organisations it leads.'),
    parks: out('LOCATED_IN', 'Park', true, 'Where it is located.'),
    indicators: INDICATORS,
  },
  filters: [],
});
