/**
 * GraphQL enums for every property whose values the model lists (src/model/registry.ts), so clients
 * autocomplete them and code generators type them. The model's list stays the one source: each enum
 * is built from it, its internal values are the stored strings, and a model value that is not a valid
 * GraphQL name gets a mapped name here (none needs one today; the check is in enumName).
 */
import { registerEnumType } from 'type-graphql';
import { NODE_LABELS, NODE_SPECS, type NodeLabel } from '../model/registry';

/**
 * The demand loop's states. Hand-written as a TypeScript enum because the demand resolvers switch on
 * it; a unit test checks that it lists exactly the model's values, in the model's order.
 */
export enum DemandState {
  FOUND = 'FOUND',
  ASSIGNED = 'ASSIGNED',
  RECTIFYING = 'RECTIFYING',
  CLOSED = 'CLOSED',
  REVIEWED = 'REVIEWED',
}

/** One description per value of every enumerated property, keyed `Label.property`. */
export const VALUE_DESCRIPTIONS: Record<string, Record<string, string>> = {
  'Source.kind': {
    ARTICLE: 'A story of a seed file: a published article.',
    CURATION: 'The curation note of the chain maps, written for this graph.',
    SYNTHETIC: 'Generated test data (npm run generate), not from an article.',
  },
  'Park.kind': {
    ZONE: 'A high-tech zone (高新区).',
    PARK: 'A park (园区) inside a zone.',
  },
  'Park.level': {
    NATIONAL: 'A national high-tech zone (国家级).',
    PROVINCIAL: 'A provincial high-tech zone (省级).',
  },
  'ChainSegment.stage': {
    UPSTREAM: 'Upstream (上游): raw materials and basic inputs.',
    MIDSTREAM: 'Midstream (中游): components and processing.',
    DOWNSTREAM: 'Downstream (下游): end products and use.',
  },
  'Enterprise.specializedLevel': {
    NATIONAL: 'A national 专精特新 "little giant" (国家级).',
    PROVINCIAL: 'Recognised by the province (省级).',
    MUNICIPAL: 'Recognised by the city (市级).',
  },
  'Enterprise.kind': {
    COMPANY: 'A company that makes or sells things.',
    INVESTOR: 'An investment company or fund.',
    BANK: 'A bank or other lender.',
    SOCIAL_ORGANIZATION: 'A social organisation registered as an enterprise (社会组织).',
  },
  'PartyOrganization.kind': {
    WORKING_COMMITTEE: 'A zone’s Party working committee (党工委).',
    COMMITTEE: 'A Party committee (党委, 综合党委).',
    JOINT_COMMITTEE: 'A chain’s joint Party committee (产业链联合党委): one chain, one committee.',
    GENERAL_BRANCH: 'A general Party branch (党总支).',
    BRANCH: 'A Party branch (党支部).',
    GROUP: 'A Party group (党小组).',
  },
  'Institution.kind': {
    UNIVERSITY: 'A university (大学).',
    COLLEGE: 'A college, or a school of a university (学院).',
    LAB: 'A laboratory (实验室).',
    INSTITUTE: 'A research institute (研究院, 研究所).',
    TRANSFER_CENTER: 'A technology-transfer centre (技术转移中心).',
    SOCIAL_ORGANIZATION: 'An association or other social organisation (协会, 社会组织).',
  },
  'Platform.kind': {
    SERVICE_CENTER: 'A service centre for firms (服务中心).',
    ALLIANCE: 'An alliance (联盟).',
    PLATFORM: 'A service or exchange platform (平台).',
    CARRIER: 'An innovation carrier: incubator, accelerator (创新载体).',
    TASK_FORCE: 'A task force (专班).',
    SCHOOL: 'A Party school or training school (党校).',
  },
  'PioneerTeam.kind': {
    TECHNOLOGY: 'Technical problem-solving (技术攻坚).',
    INDUSTRY_EDUCATION: 'Industry–education integration (产教融合).',
    SUPPLY_DEMAND: 'Matching supply and demand (供需对接).',
    SERVICE: 'Service to enterprises (企服).',
    TASK: 'A task group for one job (攻坚组).',
    INVESTMENT: 'Investment promotion (招商).',
  },
  'Project.status': {
    SIGNED: 'Signed (签约).',
    BUILDING: 'Under construction (在建).',
    PRODUCING: 'Completed and producing (投产).',
    PLANNED: 'Planned, not yet signed (谋划).',
  },
  'Demand.category': {
    FINANCING: 'Financing and credit (融资).',
    LABOUR: 'Workers and talent (用工).',
    MARKET: 'Customers and markets (市场).',
    LAND: 'Land and premises (用地).',
    TECHNOLOGY: 'Technology (技术).',
    APPROVAL: 'Permits and approvals (审批).',
    OTHER: 'Anything else.',
  },
  'Demand.state': {
    FOUND: 'Raised (发现), the first state.',
    ASSIGNED: 'Assigned to whoever will solve it (交办).',
    RECTIFYING: 'Being solved (整改).',
    CLOSED: 'Solved and closed (销号).',
    REVIEWED: 'The closure was checked (复核), the last state.',
  },
  'Indicator.approx': {
    EXACT: 'The article gives the exact figure.',
    AT_LEAST: 'At least the figure (不少于).',
    ABOUT: 'About the figure (约, 近).',
    MORE_THAN: 'More than the figure (超过, 逾).',
    LESS_THAN: 'Less than the figure (不到).',
  },
};

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const RESERVED = new Set(['true', 'false', 'null']);

/**
 * The GraphQL name of a model value: the value itself when it is a valid enum value name, otherwise
 * the value with every other character replaced by `_` (and `_` before a leading digit or a reserved
 * word), so `5G` would be `_5G` and `in-house` `in_house`.
 */
export function enumName(value: string): string {
  if (GRAPHQL_NAME.test(value) && !RESERVED.has(value)) return value;
  const replaced = value.replace(/[^_0-9A-Za-z]/g, '_');
  return /^[0-9]/.test(replaced) || RESERVED.has(replaced) ? `_${replaced}` : replaced;
}

/** The enum object type-graphql registers: GraphQL name → stored value; refuses two values on one name. */
export function enumObject(values: readonly string[], where: string): Record<string, string> {
  const object: Record<string, string> = {};
  for (const value of values) {
    const name = enumName(value);
    if (object[name] !== undefined) {
      throw new Error(`${where}: the values ${object[name]} and ${value} both map to the enum name ${name}`);
    }
    object[name] = value;
  }
  return object;
}

const capitalise = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** The enum of each enumerated property, keyed `Label.property`; its GraphQL name is LabelProperty. */
export const MODEL_ENUMS = new Map<string, object>();

for (const label of NODE_LABELS) {
  for (const [property, values] of Object.entries(NODE_SPECS[label].enums ?? {})) {
    const key = `${label}.${property}`;
    const object = key === 'Demand.state' ? DemandState : enumObject(values, key);
    const descriptions = VALUE_DESCRIPTIONS[key] ?? {};
    registerEnumType(object, {
      name: `${label}${capitalise(property)}`,
      description:
        key === 'Demand.state'
          ? 'FOUND 发现 → ASSIGNED 交办 → RECTIFYING 整改 → CLOSED 销号 → REVIEWED 复核, in that order only.'
          : `The values of ${label}.${property} the model allows.`,
      valuesConfig: Object.fromEntries(
        Object.entries(object).map(([name, value]) => [name, { description: descriptions[value] }]),
      ),
    });
    MODEL_ENUMS.set(key, object);
  }
}

/** The GraphQL enum of a label's property, when the model lists its values. */
export function modelEnum(label: NodeLabel, property: string): object | undefined {
  return MODEL_ENUMS.get(`${label}.${property}`);
}
