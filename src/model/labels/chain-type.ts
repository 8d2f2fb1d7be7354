import { defineLabel, inn, out } from '../define';

export const ChainType = defineLabel({
  label: 'ChainType',
  idPrefix: 'chaintype',
  description: 'A kind of chain and its map: segments in flow order.',
  properties: {},
  relations: {
    segments: out('HAS_SEGMENT', 'ChainSegment', true, 'The segments, upstream first.'),
    chains: inn('OF_TYPE', 'IndustryChain', true, 'The zones’ chains of this type.'),
  },
  filters: [],
});
