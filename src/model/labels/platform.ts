import { defineLabel, INDICATORS, inn, KIND, oneOf, out } from '../define';

export const Platform = defineLabel({
  label: 'Platform',
  idPrefix: 'platform',
  description: 'A service centre, alliance, platform, task force, carrier or Party school.',
  properties: {
    kind: oneOf(
      KIND,
      {
        SERVICE_CENTER: 'A service centre for firms (服务中心).',
        ALLIANCE: 'An alliance (联盟).',
        PLATFORM: 'A service or exchange platform (平台).',
        CARRIER: 'An innovation carrier: incubator, accelerator (创新载体).',
        TASK_FORCE: 'A task force (专班).',
        SCHOOL: 'A Party school or training school (党校).',
      },
      { required: true },
    ),
  },
  relations: {
    parent: out('PART_OF', 'Platform', false, 'The platform it is a module of.'),
    parts: inn('PART_OF', 'Platform', true, 'Its modules.'),
    organisedBy: out('ORGANISED_BY', 'Node', true, 'Who set it up.'),
    serves: out('SERVES', 'Node', true, 'Whom it serves.'),
    parks: out('LOCATED_IN', 'Park', true, 'Where it is located.'),
    indicators: INDICATORS,
  },
  filters: ['kind', 'park'],
});
