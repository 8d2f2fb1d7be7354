import { defineLabel, inn, KIND, out, text } from '../define';

export const Outcome = defineLabel({
  label: 'Outcome',
  idPrefix: 'outcome',
  description: 'A research outcome or technology on the innovation chain.',
  properties: { kind: text(KIND) },
  relations: {
    developers: inn('DEVELOPED', 'Node', true, 'Who developed it.'),
    transferredTo: out('TRANSFERS_TO', 'Enterprise', true, 'Enterprises it was transferred to.'),
    appliesTo: out('APPLIES_TO', 'Node', true, 'Segments or chains it serves.'),
  },
  filters: [],
});
