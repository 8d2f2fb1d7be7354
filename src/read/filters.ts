/**
 * List filters: a catalogue of filter fields, each with its GraphQL type, its input rules and the Cypher
 * predicate it adds, and for every label the filters that make sense for it. The input types are built
 * from this with class-validator rules, so a careless value is refused before any Cypher is built.
 */
import { ArrayMaxSize, IsOptional, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { FILTER_NAMES, type FilterName } from '../model/define';
import { byLabel, NODE_LABELS, NODE_SPECS, type NodeLabel } from '../model/registry';
import { AppError } from '../errors';
import { fromZone, inZone } from '../db/fragments';
import { ClassesByLabel, namedClass, prototypeOf, type TypeThunk } from './classes';
import { modelEnum } from './enums';
import { isNodeId } from './args';
import type { CypherBuilder } from './compile';

type Predicate = (b: CypherBuilder, v: string, value: unknown) => string;

/** A path from a node found by its id to the listed node `v`: the list can start there. */
type Anchor = (b: CypherBuilder, v: string, value: unknown) => string;

interface FilterDef {
  type: TypeThunk;
  description: string;
  validators: PropertyDecorator[];
  predicate: Predicate;
  /**
   * The same condition as a pattern that starts at the node named by the filter's id. A list that has
   * one matches it instead of testing the predicate on every node of the label: at a million
   * enterprises the difference is a unique-index seek and a short expand against a full label scan.
   */
  anchor?: Anchor;
}

const idRule = isNodeId();
const word = [MinLength(1), MaxLength(60)];

/** Properties whose allowed values the model lists; a filter on them is checked against that list. */
const ENUM_FILTERS = ['kind', 'stage', 'status'] as const;

const FILTERS: Record<FilterName, FilterDef> = {
  ids: {
    type: () => [ID],
    description: 'Only these ids (at most 100).',
    validators: [ArrayMaxSize(100), isNodeId({ each: true })],
    predicate: (b, v, value) => `${v}.id IN ${b.param(value)}`,
  },
  nameContains: {
    type: () => String,
    description: 'Part of the Chinese name, the English name or the short name; case-insensitive.',
    validators: [MinLength(1), MaxLength(100)],
    predicate: (b, v, value) => {
      const p = b.param(String(value).toLowerCase());
      return `any(x IN [${v}.name, ${v}.nameEn, ${v}.shortName] WHERE toLower(x) CONTAINS ${p})`;
    },
  },
  kind: {
    type: () => String,
    description: 'The kind.',
    validators: word,
    predicate: (b, v, x) => `${v}.kind = ${b.param(x)}`,
  },
  stage: {
    type: () => String,
    description: 'UPSTREAM, MIDSTREAM or DOWNSTREAM.',
    validators: word,
    predicate: (b, v, x) => `${v}.stage = ${b.param(x)}`,
  },
  status: {
    type: () => String,
    description: 'The project status.',
    validators: word,
    predicate: (b, v, x) => `${v}.status = ${b.param(x)}`,
  },
  metric: {
    type: () => String,
    description: 'The metric key.',
    validators: word,
    predicate: (b, v, x) => `${v}.metric = ${b.param(x)}`,
  },
  highTech: {
    type: () => Boolean,
    description:
      'true: certified high-tech enterprises (高新技术企业); false: those a source says are not. An enterprise ' +
      'whose flag is unknown (null) matches neither: leave the filter out to list every enterprise.',
    validators: [],
    // An unknown flag stays unknown: null = false is null in Cypher, so the row is not kept.
    predicate: (b, v, x) => `${v}.highTech = ${b.param(x)}`,
  },
  specialized: {
    type: () => Boolean,
    description:
      'true: 专精特新 enterprises; false: those a source says are not. An enterprise whose flag is unknown ' +
      '(null) matches neither: leave the filter out to list every enterprise.',
    validators: [],
    predicate: (b, v, x) => `${v}.specialized = ${b.param(x)}`,
  },
  zone: {
    type: () => ID,
    description: 'Only those of this zone.',
    validators: [idRule],
    predicate: (b, v, x) => `EXISTS { (${v})-[:PART_OF|HAS_CHAIN]-(:Park {id: ${b.param(x)}}) }`,
    anchor: (b, v, x) => `(:Park {id: ${b.param(x)}})-[:PART_OF|HAS_CHAIN]-(${v})`,
  },
  park: {
    type: () => ID,
    description: 'Only those located in this zone or park, or in a park of this zone.',
    validators: [idRule],
    predicate: (b, v, x) => inZone(v, `:Park {id: ${b.param(x)}}`),
    anchor: (b, v, x) => fromZone(`:Park {id: ${b.param(x)}}`, v),
  },
  chain: {
    type: () => ID,
    description: 'Only those on this industry chain.',
    validators: [idRule],
    predicate: (b, v, x) =>
      `EXISTS { (${v})-[:IN_CHAIN|CHAIN_MASTER_OF]->(:IndustryChain {id: ${b.param(x)}}) }`,
    anchor: (b, v, x) => `(:IndustryChain {id: ${b.param(x)}})<-[:IN_CHAIN|CHAIN_MASTER_OF]-(${v})`,
  },
  segment: {
    type: () => ID,
    description: 'Only those working in (or filling) this chain segment.',
    validators: [idRule],
    predicate: (b, v, x) => `EXISTS { (${v})-[:OPERATES_IN|FILLS]->(:ChainSegment {id: ${b.param(x)}}) }`,
    anchor: (b, v, x) => `(:ChainSegment {id: ${b.param(x)}})<-[:OPERATES_IN|FILLS]-(${v})`,
  },
  chainType: {
    type: () => ID,
    description: 'Only those of this chain type.',
    validators: [idRule],
    predicate: (b, v, x) => `EXISTS { (${v})-[:OF_TYPE|HAS_SEGMENT]-(:ChainType {id: ${b.param(x)}}) }`,
    anchor: (b, v, x) => `(:ChainType {id: ${b.param(x)}})-[:OF_TYPE|HAS_SEGMENT]-(${v})`,
  },
  subject: {
    type: () => ID,
    description: 'Only figures about this node.',
    validators: [idRule],
    predicate: (b, v, x) => `EXISTS { (${v})-[:MEASURES]->({id: ${b.param(x)}}) }`,
  },
};

const COMMON: readonly FilterName[] = ['ids', 'nameContains'];

/** The filters each label's list query takes: every list's, and those its declaration names. */
export const LABEL_FILTERS: Record<NodeLabel, readonly string[]> = byLabel((decl) => [
  ...COMMON,
  ...decl.filters,
]);

const isFilterName = (field: string): field is FilterName =>
  (FILTER_NAMES as readonly string[]).includes(field);

/** The filter a label's list takes under this name, or undefined when it takes none. */
function labelFilter(label: NodeLabel, field: string): FilterDef | undefined {
  return isFilterName(field) && LABEL_FILTERS[label].includes(field) ? FILTERS[field] : undefined;
}

/** The filter input of each label's list. */
export const FILTER_TYPES = new ClassesByLabel<NodeLabel>('filter input');

for (const label of NODE_LABELS) {
  const name = `${label}Filter`;
  const cls = namedClass(name);
  const proto = prototypeOf(cls);
  for (const field of LABEL_FILTERS[label]) {
    const def = labelFilter(label, field);
    if (!def) throw new Error(`read/filters.ts: no filter ${field} for ${label}`);
    // A property the model enumerates is filtered by its enum: GraphQL itself refuses other values.
    const values = modelEnum(label, field);
    Field(values ? () => values : def.type, {
      nullable: true,
      description: values ? `Only those of this ${field}.` : def.description,
    })(proto, field);
    IsOptional()(proto, field);
    if (!values) for (const validator of def.validators) validator(proto, field);
  }
  InputType(name, { description: `Conditions on ${label} nodes; all given conditions must hold.` })(cls);
  FILTER_TYPES.set(label, cls);
}

/** How a list finds its nodes: a pattern to match (anchored at an id when it can be), and conditions. */
export interface ListMatch {
  pattern: string;
  /** True when the pattern can reach a node on more than one path, so rows must be made distinct. */
  anchored: boolean;
  conditions: string[];
}

/**
 * The MATCH pattern and WHERE conditions of a filtered list. The first filter that names a node by id
 * becomes the start of the pattern; the rest are conditions. Refuses enumerated values the model does
 * not know.
 */
export function listMatch(
  b: CypherBuilder,
  v: string,
  label: NodeLabel,
  filter: object | undefined,
): ListMatch {
  const given = Object.entries(filter ?? {}).filter(
    ([field, value]) => value !== undefined && value !== null && labelFilter(label, field) !== undefined,
  );
  const first = given.find(([field]) => labelFilter(label, field)?.anchor !== undefined);
  const conditions = filterConditions(
    b,
    v,
    label,
    Object.fromEntries(given.filter((entry) => entry !== first)),
  );
  const anchor = first ? labelFilter(label, first[0])?.anchor : undefined;
  if (!first || !anchor) return { pattern: `(${v}:${label})`, anchored: false, conditions };
  return { pattern: anchor(b, `${v}:${label}`, first[1]), anchored: true, conditions };
}

/** The WHERE conditions for a filter input; refuses enumerated values the model does not know. */
export function filterConditions(
  b: CypherBuilder,
  v: string,
  label: NodeLabel,
  filter: object | undefined,
): string[] {
  const conditions: string[] = [];
  for (const [field, value] of Object.entries(filter ?? {})) {
    if (value === undefined || value === null) continue;
    const def = labelFilter(label, field);
    if (!def) continue;
    const allowed = (ENUM_FILTERS as readonly string[]).includes(field)
      ? NODE_SPECS[label].enums?.[field]
      : undefined;
    if (allowed && !allowed.includes(String(value))) {
      throw new AppError('BAD_USER_INPUT', `filter.${field} must be one of ${allowed.join(', ')}`);
    }
    conditions.push(def.predicate(b, v, value));
  }
  return conditions;
}
