import { defineLabel, float, oneOf, out, text } from '../define';

export const Indicator = defineLabel({
  label: 'Indicator',
  idPrefix: 'ind',
  description: 'A figure an article reports: metric, value, unit and date.',
  properties: {
    metric: text('A stable key for the kind of figure (snake_case).', { required: true }),
    value: float('The value.', { required: true }),
    valueMax: float('The upper end, for a range.'),
    unit: text('The unit, as the article gives it.', { required: true }),
    date: text('The year, month or day the figure refers to.', { required: true, date: true }),
    dateBasis: text('STATED, or ARTICLE_YEAR when the article gives no date.'),
    approx: oneOf('EXACT, AT_LEAST, MORE_THAN, ABOUT or LESS_THAN.', {
      EXACT: 'The article gives the exact figure.',
      AT_LEAST: 'At least the figure (不少于).',
      ABOUT: 'About the figure (约, 近).',
      MORE_THAN: 'More than the figure (超过, 逾).',
      LESS_THAN: 'Less than the figure (不到).',
    }),
    period: text('The period, in the article’s words.'),
    quote: text('The phrase of the article that states it.'),
  },
  relations: { subjects: out('MEASURES', 'Node', true, 'What the figure is about.') },
  filters: ['metric', 'subject'],
});
