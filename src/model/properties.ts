/**
 * The rules of every property a write may carry, derived from the labels' declarations
 * (src/model/labels/: the type, limits, values and required-ness of each property) and checked by one
 * function, so that a mutation (through class-validator, see mutations/inputs.ts), an import, a bulk
 * import and the seed loader give the same verdict for the same value. Properties no declaration names
 * (the curated data's free-form facts) are still held to the general bounds of their type.
 */
import type { LabelDecl, PropertyDecl, ScalarKind } from './define';
import {
  ID_PATTERN,
  ID_PREFIX,
  byLabel,
  isNodeLabel,
  PARTIAL_DATE,
  RELATIONSHIP_SPECS,
  type NodeLabel,
  type RelationshipType,
} from './registry';

export type PropertyType = 'string' | 'int' | 'number' | 'boolean' | 'stringList';

export interface PropertyRule {
  type: PropertyType;
  /** Characters of a string, or of each item of a list. */
  maxLength: number;
  /** Items of a list. */
  maxItems?: number;
  min?: number;
  /** The only values allowed (the model's enumerations, case-sensitive). */
  values?: readonly string[];
  /** An ISO date as precise as the source (YYYY, YYYY-MM or YYYY-MM-DD) that exists in the calendar. */
  date?: boolean;
  required?: boolean;
}

/** Bounds of each read-API scalar kind: what the write inputs have always enforced. */
const OF_KIND: Record<ScalarKind, PropertyRule> = {
  String: { type: 'string', maxLength: 2000 },
  Int: { type: 'int', maxLength: 0 },
  Float: { type: 'number', maxLength: 0 },
  Boolean: { type: 'boolean', maxLength: 0 },
  StringList: { type: 'stringList', maxLength: 200, maxItems: 50 },
};

/** Names are short; the longer text fields keep the general bound of a string. */
const NAME: PropertyRule = { type: 'string', maxLength: 200 };

/** Properties the service writes itself (provenance of API writes), never an input. */
const NODE_RESERVED = ['updatedAt', 'updatedBy', 'label', 'type', 'from', 'to'];
const RELATIONSHIP_RESERVED = ['id', 'label', 'type', 'updatedAt', 'updatedBy'];

/** The properties of a link a user may set (the `link` mutation's input beside its ends and source). */
export const LINK_PROPERTIES = {
  product: NAME,
  programme: NAME,
  count: { type: 'number', maxLength: 0, min: 0 },
  unit: { type: 'string', maxLength: 20 },
  mode: NAME,
  note: OF_KIND.String,
} satisfies Record<string, PropertyRule>;

/** The rule of a declared property: its kind's bounds, narrowed by what the declaration adds. */
export function ruleOf(decl: PropertyDecl): PropertyRule {
  return {
    ...OF_KIND[decl.kind],
    ...(decl.values ? { values: Object.keys(decl.values) } : {}),
    ...(decl.min !== undefined ? { min: decl.min } : {}),
    ...(decl.date ? { date: true } : {}),
    ...(decl.required ? { required: true } : {}),
  };
}

function build(decl: LabelDecl): Record<string, PropertyRule> {
  const rules: Record<string, PropertyRule> = {
    // `name` is required on every label; `sources` is checked apart, alike for every label.
    name: { ...NAME, required: true },
    nameEn: NAME,
    note: OF_KIND.String,
  };
  for (const [field, property] of Object.entries(decl.properties)) rules[field] = ruleOf(property);
  return rules;
}

/** Each label's declared properties and their rules (not `id` and `sources`, which every path checks alike). */
export const NODE_PROPERTIES = byLabel(build);

/** What an undeclared property may hold: any one primitive type, or a list of one. */
const UNDECLARED_STRING: PropertyRule = OF_KIND.String;
const UNDECLARED_LIST = OF_KIND.StringList;

const PROPERTY_NAME = /^[a-z][A-Za-z0-9]*$/;
/**
 * Control characters (tab and line breaks aside); lone UTF-16 surrogates, which Neo4j would mangle; and
 * U+FFFD, which is what bytes that are not UTF-8 become when a file is read, so a wrongly encoded file
 * is refused rather than stored as replacement characters.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]|\p{Cs}/u;

/** A partial ISO date that names a real year, month or day (2024-02-30 does not). */
export function isPartialDate(value: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match || !PARTIAL_DATE.test(value)) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number | undefined, number | undefined];
  if (month === undefined || Number.isNaN(month)) return true;
  if (month < 1 || month > 12) return false;
  if (day === undefined || Number.isNaN(day)) return true;
  return day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkString(value: string, rule: PropertyRule): string | undefined {
  if (value.length > rule.maxLength)
    return `must be at most ${rule.maxLength} characters, not ${value.length}`;
  if (UNSAFE_TEXT.test(value)) return 'must not hold control characters (such as NUL) or broken characters';
  if (rule.values && !rule.values.includes(value)) return `must be one of ${rule.values.join(', ')}`;
  if (rule.date && !isPartialDate(value))
    return 'must be YYYY, YYYY-MM or YYYY-MM-DD, and a date that exists';
  return undefined;
}

/**
 * Why a present value breaks its rule, or undefined when it keeps it. Absent values (undefined, null)
 * are the caller's to judge: required or not.
 */
export function checkValue(rule: PropertyRule, value: unknown): string | undefined {
  switch (rule.type) {
    case 'string':
      if (typeof value !== 'string') return `must be a string, not ${describe(value)}`;
      if (rule.required && value.trim() === '') return 'is required';
      return checkString(value, rule);
    case 'int':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return `must be a finite number, not ${describe(value)}`;
      if (rule.type === 'int' && !Number.isInteger(value)) return 'must be an integer';
      if (rule.min !== undefined && value < rule.min) return `must be at least ${rule.min}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, not ${describe(value)}`;
    case 'stringList': {
      if (!Array.isArray(value)) return `must be a list of strings, not ${describe(value)}`;
      if (rule.maxItems !== undefined && value.length > rule.maxItems)
        return `must hold at most ${rule.maxItems} items, not ${value.length}`;
      if (rule.required && value.length === 0) return 'is required';
      for (const item of value as unknown[]) {
        if (typeof item !== 'string') return `must be a list of strings, not of ${describe(item)}`;
        const problem = checkString(item, rule);
        if (problem) return `holds an item that ${problem}`;
      }
      return undefined;
    }
    default: {
      const never: never = rule.type;
      return never;
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? 'a string' : typeof value;
}

/** Why an undeclared property's value is not one the graph may hold, or undefined. */
function undeclaredProblem(value: unknown): string | undefined {
  if (typeof value === 'string') return checkValue(UNDECLARED_STRING, value);
  if (typeof value === 'number') return checkValue({ type: 'number', maxLength: 0 }, value);
  if (typeof value === 'boolean') return undefined;
  if (!Array.isArray(value))
    return `must be a string, number, boolean or a list of them, not ${describe(value)}`;
  if (value.every((v) => typeof v === 'string')) return checkValue(UNDECLARED_LIST, value);
  if (value.length > (UNDECLARED_LIST.maxItems ?? 0))
    return `must hold at most ${UNDECLARED_LIST.maxItems} items, not ${value.length}`;
  const kinds = new Set(value.map((v) => typeof v));
  if (kinds.size > 1 || !(kinds.has('number') || kinds.has('boolean')))
    return 'a list must hold values of one primitive type';
  return value.every((v) => typeof v !== 'number' || Number.isFinite(v))
    ? undefined
    : 'a list of numbers must hold finite numbers';
}

/** Receives one problem of the record being checked. */
export type Report = (field: string, message: string) => void;

function checkProperties(
  declared: Record<string, PropertyRule>,
  /** The record's key fields, checked by the caller. */
  keys: readonly string[],
  reserved: readonly string[],
  record: Record<string, unknown>,
  report: Report,
): void {
  for (const [field, rule] of Object.entries(declared)) {
    const value = record[field];
    // An explicit null means "not given", as it does in a mutation's input; the writers drop it.
    if (value === undefined || value === null) {
      if (rule.required) report(field, 'is required');
      continue;
    }
    const problem = checkValue(rule, value);
    if (problem) report(field, problem);
  }
  for (const [field, value] of Object.entries(record)) {
    if (field in declared || field === 'sources' || keys.includes(field) || value === null) continue;
    if (reserved.includes(field)) {
      report(field, 'is not a property an import may set');
      continue;
    }
    if (!PROPERTY_NAME.test(field)) {
      report(field, 'property names are lowerCamelCase ASCII');
      continue;
    }
    const problem = undeclaredProblem(value);
    if (problem) report(field, problem);
  }
}

/** `sources`: a non-empty list of Source ids, required on every record but a Source's. */
function checkSources(record: Record<string, unknown>, allowed: boolean, report: Report): void {
  const sources = record.sources ?? undefined;
  if (!allowed) {
    if (sources !== undefined) report('sources', 'a Source cites no sources');
    return;
  }
  if (sources === undefined || (Array.isArray(sources) && sources.length === 0)) {
    report('sources', 'is required');
    return;
  }
  const problem = checkValue({ ...UNDECLARED_LIST, maxItems: 50 }, sources);
  if (problem) report('sources', problem);
  else if (!(sources as string[]).every((s) => ID_PATTERN.test(s) && s.startsWith(`${ID_PREFIX.Source}:`)))
    report('sources', 'must be a list of Source ids (source:slug)');
}

/** The declared rules of a record's properties: a label's, or a link's. */
export function propertyRules(kind: 'node' | 'relationship', group: string): Record<string, PropertyRule> {
  if (kind === 'relationship') return LINK_PROPERTIES;
  return isNodeLabel(group) ? NODE_PROPERTIES[group] : {};
}

/**
 * A JSON record as a mutation's input would read it: a single value for a list property is a list of
 * one (GraphQL's input coercion), and a null is no value. Returns the record itself when it needs no
 * change.
 */
export function normaliseRecord(
  kind: 'node' | 'relationship',
  group: string,
  record: Record<string, unknown>,
): Record<string, unknown> {
  const rules = propertyRules(kind, group);
  let out: Record<string, unknown> | undefined;
  for (const [field, value] of Object.entries(record)) {
    const list = rules[field]?.type === 'stringList' || field === 'sources';
    if (value === null || (list && value !== undefined && !Array.isArray(value))) {
      out ??= { ...record };
      if (value === null) delete out[field];
      else out[field] = [value];
    }
  }
  return out ?? record;
}

/** Checks a node's id: the id pattern, and the prefix of its label. */
export function checkNodeId(label: NodeLabel, id: string, report: Report): void {
  if (id.length > 200) report('id', `must be at most 200 characters, not ${id.length}`);
  else if (!ID_PATTERN.test(id)) report('id', `must match ${ID_PATTERN.source}`);
  else if (!id.startsWith(`${ID_PREFIX[label]}:`))
    report('id', `must start with ${ID_PREFIX[label]}: for a ${label}`);
}

/** Checks one node record's properties (all but its id, which is checkNodeId's). */
export function checkNodeProperties(label: NodeLabel, record: Record<string, unknown>, report: Report): void {
  checkProperties(NODE_PROPERTIES[label], ['id'], NODE_RESERVED, record, report);
  checkSources(record, label !== 'Source', report);
}

/** Checks one relationship record on its own; true when both ends are well-formed ids, so they can be resolved. */
export function checkRelationshipRecord(
  type: RelationshipType,
  record: Record<string, unknown>,
  report: Report,
): boolean {
  let complete = true;
  for (const end of ['from', 'to'] as const) {
    const id = record[end];
    if (typeof id !== 'string' || id === '') {
      report(end, 'is required');
      complete = false;
    } else if (id.length > 200 || !ID_PATTERN.test(id)) {
      report(end, `must be a node id matching ${ID_PATTERN.source}`);
      complete = false;
    }
  }
  const declared: Record<string, PropertyRule> = { ...LINK_PROPERTIES };
  for (const [field, values] of Object.entries(RELATIONSHIP_SPECS[type].enums ?? {}))
    declared[field] = { type: 'string', maxLength: 200, values };
  for (const field of RELATIONSHIP_SPECS[type].required ?? []) {
    const rule = declared[field];
    declared[field] = { ...(rule ?? UNDECLARED_STRING), required: true };
  }
  checkProperties(declared, ['from', 'to'], RELATIONSHIP_RESERVED, record, report);
  checkSources(record, true, report);
  return complete;
}
