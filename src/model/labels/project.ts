import { defineLabel, float, INDICATORS, inn, oneOf, out, text, zoneOfLocated } from '../define';

export const Project = defineLabel({
  label: 'Project',
  idPrefix: 'project',
  description: 'An investment or construction project.',
  properties: {
    status: oneOf(
      'SIGNED, BUILDING, PRODUCING or PLANNED.',
      {
        SIGNED: 'Signed (签约).',
        BUILDING: 'Under construction (在建).',
        PRODUCING: 'Completed and producing (投产).',
        PLANNED: 'Planned, not yet signed (谋划).',
      },
      { required: true },
    ),
    amountYuan: float('Planned investment in yuan.', { min: 0 }),
    amountText: text('The amount as the article writes it.'),
    signedOn: text('When it was signed (ISO date, as precise as the source).', { date: true }),
    expectedBy: text('When it is expected to be complete.', { date: true }),
  },
  relations: {
    investors: inn('INVESTS_IN', 'Node', true, 'Who signs, invests in or runs it.'),
    parks: out('LOCATED_IN', 'Park', true, 'Where it is located.'),
    zone: zoneOfLocated(
      'The zone (Park of kind ZONE) it lies in, whether located in the zone itself or in one of its parks; ' +
        'null when it is located in no zone. Where it lies in several, the first by name.',
    ),
    fills: out('FILLS', 'ChainSegment', true, 'Chain segments it fills or strengthens.', 'FillLink'),
    chains: out('IN_CHAIN', 'IndustryChain', true, 'The chains it is a key project of.'),
    indicators: INDICATORS,
  },
  filters: ['status', 'park', 'chain', 'segment'],
});
