import { defineLabel, oneOf, out, text } from '../define';

export const Demand = defineLabel({
  label: 'Demand',
  idPrefix: 'demand',
  description: 'An enterprise request on the closed-loop list.',
  properties: {
    category: oneOf(
      'What is asked for: FINANCING, LABOUR, MARKET, LAND, TECHNOLOGY, APPROVAL or OTHER.',
      {
        FINANCING: 'Financing and credit (融资).',
        LABOUR: 'Workers and talent (用工).',
        MARKET: 'Customers and markets (市场).',
        LAND: 'Land and premises (用地).',
        TECHNOLOGY: 'Technology (技术).',
        APPROVAL: 'Permits and approvals (审批).',
        OTHER: 'Anything else.',
      },
      { required: true },
    ),
    // The loop's order is the order of these values: read/enums.ts's DemandState must list them so.
    state: oneOf(
      'Where it is in the loop: FOUND, ASSIGNED, RECTIFYING, CLOSED or REVIEWED.',
      {
        FOUND: 'Raised (发现), the first state.',
        ASSIGNED: 'Assigned to whoever will solve it (交办).',
        RECTIFYING: 'Being solved (整改).',
        CLOSED: 'Solved and closed (销号).',
        REVIEWED: 'The closure was checked (复核), the last state.',
      },
      { required: true },
    ),
    foundAt: text('When it was raised (发现).'),
    assignedAt: text('When it was assigned (交办).'),
    rectifyingAt: text('When rectification started (整改).'),
    closedAt: text('When it was closed (销号).'),
    reviewedAt: text('When the closure was reviewed (复核).'),
  },
  relations: {
    raisedBy: out('RAISED_BY', 'Enterprise', false, 'The enterprise that raised it.'),
    assignedTo: out('ASSIGNED_TO', 'Node', true, 'Who it is assigned to.'),
  },
  filters: [],
});
