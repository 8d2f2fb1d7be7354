import { defineLabel, int, oneOf, text } from '../define';

export const Source = defineLabel({
  label: 'Source',
  idPrefix: 'source',
  description: 'A source article: one story of a seed file, or the curation note of the chain maps.',
  properties: {
    file: text('The seed file the story is in.', { required: true }),
    author: text('The author, as the article names them.', { required: true }),
    kind: oneOf(
      'ARTICLE, CURATION or SYNTHETIC.',
      {
        ARTICLE: 'A story of a seed file: a published article.',
        CURATION: 'The curation note of the chain maps, written for this graph.',
        SYNTHETIC: 'Generated test data (npm run generate), not from an article.',
      },
      { required: true },
    ),
    year: int('The year the story reports on.'),
  },
  relations: {},
  filters: ['kind'],
});
