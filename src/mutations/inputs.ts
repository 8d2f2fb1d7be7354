/**
 * Write inputs, one class per label, built from the model and the read API's declarations. Every
 * property is checked by model/properties.ts's rule for it, through class-validator, so a mutation and
 * an import give the same verdict for the same value: lengths, numbers, enumerated values, dates, text
 * without control characters. The required properties of the model are required here too, since Neo4j
 * Community cannot enforce them.
 */
import { IsOptional, ValidateBy } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { ENTITIES, type ScalarKind } from '../model/spec';
import { namedClass, prototypeOf, type Class } from '../read/classes';
import { ID_PREFIX, NODE_LABELS, NODE_SPECS, type NodeLabel } from '../model/registry';
import { checkNodeId, checkValue, NODE_PROPERTIES, type PropertyRule } from '../model/properties';

/** Labels written field by field: not Sources (curated with the data set), not Demands (see demands.ts: their state moves only along the loop). */
export const WRITABLE_LABELS: readonly NodeLabel[] = NODE_LABELS.filter(
  (l) => l !== 'Source' && l !== 'Demand',
);

const GRAPHQL_TYPE: Record<ScalarKind, () => unknown> = {
  String: () => String,
  Int: () => Int,
  Float: () => Float,
  Boolean: () => Boolean,
  StringList: () => [String],
};

/** A property follows its rule of model/properties.ts: the one check every write path runs. */
export function followsRule(rule: PropertyRule): PropertyDecorator {
  return ValidateBy({
    name: 'followsModelRule',
    validator: {
      validate: (value: unknown) => checkValue(rule, value) === undefined,
      defaultMessage: (args) => `${args?.property ?? 'value'} ${checkValue(rule, args?.value) ?? ''}`,
    },
  });
}

/** The id of a node of a label: checkNodeId, as an import checks it. */
function isIdOf(label: NodeLabel): PropertyDecorator {
  const problem = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return 'id must be a string';
    let found: string | undefined;
    checkNodeId(label, value, (field, message) => (found ??= `${field} ${message}`));
    return found;
  };
  return ValidateBy({
    name: 'isNodeIdOf',
    validator: {
      validate: (value: unknown) => problem(value) === undefined,
      defaultMessage: (args) => problem(args?.value) ?? '',
    },
  });
}

export const INPUT_TYPES = new Map<NodeLabel, Class>();

for (const label of WRITABLE_LABELS) {
  const name = `${label}Input`;
  const cls = namedClass(name);
  const proto = prototypeOf(cls);
  const spec = NODE_SPECS[label];
  const required = new Set(spec.required);

  Field(() => ID, { description: `The id: ${ID_PREFIX[label]}:slug, lower-case ASCII.` })(proto, 'id');
  isIdOf(label)(proto, 'id');
  const rules = NODE_PROPERTIES[label];
  const ruleOf = (field: string): PropertyRule => {
    const rule = rules[field];
    if (!rule) throw new Error(`model/properties.ts declares no rule for ${label}.${field}`);
    return rule;
  };
  Field(() => String, { description: 'The Chinese name, as the source writes it.' })(proto, 'name');
  followsRule(ruleOf('name'))(proto, 'name');
  Field(() => String, { nullable: true, description: 'An English name.' })(proto, 'nameEn');
  IsOptional()(proto, 'nameEn');
  followsRule(ruleOf('nameEn'))(proto, 'nameEn');
  Field(() => String, { nullable: true, description: 'A curator’s note.' })(proto, 'note');
  IsOptional()(proto, 'note');
  followsRule(ruleOf('note'))(proto, 'note');

  for (const [field, scalar] of Object.entries(ENTITIES[label].scalars)) {
    const isRequired = required.has(field);
    Field(GRAPHQL_TYPE[scalar.kind] as () => typeof String, {
      nullable: !isRequired,
      description: scalar.description,
    })(proto, field);
    if (!isRequired) IsOptional()(proto, field);
    followsRule(ruleOf(field))(proto, field);
  }
  InputType(name, { description: `A ${label} to create or update by id.` })(cls);
  INPUT_TYPES.set(label, cls);
}
