/**
 * Write inputs, one class per label, built from the label's declaration (src/model/labels/). Every
 * property is checked by model/properties.ts's rule for it, through class-validator, so a mutation and
 * an import give the same verdict for the same value: lengths, numbers, enumerated values, dates, text
 * without control characters. The required properties of the model are required here too, since Neo4j
 * Community cannot enforce them.
 */
import { IsOptional, ValidateBy } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { ClassesByLabel, prototypeOf, scalarType, type Class } from '../read/classes';
import { ID_PREFIX, LABEL_DECLS, NODE_LABELS, type NodeLabel } from '../model/registry';
import { checkNodeId, checkValue, NODE_PROPERTIES, type PropertyRule } from '../model/properties';

/** Labels written field by field: not Sources (curated with the data set), not Demands (see demands.ts: their state moves only along the loop). */
export const WRITABLE_LABELS: readonly NodeLabel[] = NODE_LABELS.filter(
  (l) => l !== 'Source' && l !== 'Demand',
);

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

/** The write input of one label: id, names and note are every label's; the rest come from its declaration. */
function labelInput(label: NodeLabel): Class {
  const rules = NODE_PROPERTIES[label];
  const ruleOf = (field: string): PropertyRule => {
    const rule = rules[field];
    if (!rule) throw new Error(`model/properties.ts declares no rule for ${label}.${field}`);
    return rule;
  };

  @InputType(`${label}Input`, { description: `A ${label} to create or update by id.` })
  class LabelInput {
    @Field(() => ID, { description: `The id: ${ID_PREFIX[label]}:slug, lower-case ASCII.` })
    @isIdOf(label)
    id!: string;

    @Field(() => String, { description: 'The Chinese name, as the source writes it.' })
    @followsRule(ruleOf('name'))
    name!: string;

    @Field(() => String, { nullable: true, description: 'An English name.' })
    @IsOptional()
    @followsRule(ruleOf('nameEn'))
    nameEn?: string;

    @Field(() => String, { nullable: true, description: 'A curator’s note.' })
    @IsOptional()
    @followsRule(ruleOf('note'))
    note?: string;
  }

  const proto = prototypeOf(LabelInput);
  for (const [field, property] of Object.entries(LABEL_DECLS[label].properties)) {
    const rule = ruleOf(field);
    Field(scalarType(property.kind), { nullable: !rule.required, description: property.description })(
      proto,
      field,
    );
    if (!rule.required) IsOptional()(proto, field);
    followsRule(rule)(proto, field);
  }
  return LabelInput;
}

/** The write input of each writable label. */
export const INPUT_TYPES = new ClassesByLabel<NodeLabel>('write input');
for (const label of WRITABLE_LABELS) INPUT_TYPES.set(label, labelInput(label));
