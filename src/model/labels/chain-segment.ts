import { defineLabel, inn, int, oneOf, out } from '../define';

export const ChainSegment = defineLabel({
  label: 'ChainSegment',
  idPrefix: 'seg',
  description: 'One segment of a chain map, with its stage and order.',
  properties: {
    stage: oneOf(
      'UPSTREAM, MIDSTREAM or DOWNSTREAM.',
      {
        UPSTREAM: 'Upstream (上游): raw materials and basic inputs.',
        MIDSTREAM: 'Midstream (中游): components and processing.',
        DOWNSTREAM: 'Downstream (下游): end products and use.',
      },
      { required: true },
    ),
    order: int('Position in the map, upstream first.', { required: true, min: 0 }),
  },
  relations: {
    chainType: inn('HAS_SEGMENT', 'ChainType', false, 'The chain type whose map holds this segment.'),
    feeds: out('FEEDS', 'ChainSegment', true, 'The segments directly downstream.'),
    fedBy: inn('FEEDS', 'ChainSegment', true, 'The segments directly upstream.'),
    enterprises: inn('OPERATES_IN', 'Enterprise', true, 'Enterprises working in this segment.'),
    projects: inn('FILLS', 'Project', true, 'Projects filling or strengthening this segment.', 'FillLink'),
    outcomes: inn('APPLIES_TO', 'Outcome', true, 'Research outcomes that serve this segment.'),
  },
  filters: ['stage', 'chainType'],
});
