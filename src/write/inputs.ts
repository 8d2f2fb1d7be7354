/**
 * Write inputs, one class per label, built from the model and the read API's declarations with
 * class-validator rules: the id's form and prefix, lengths, numbers, enumerated values, dates. The
 * required properties of the model are required here too, since Neo4j Community cannot enforce them.
 */
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { ENTITIES, type ScalarKind } from '../graph/spec';
import { namedClass, prototypeOf, type Class } from '../graph/classes';
import {
  ID_PATTERN,
  ID_PREFIX,
  NODE_LABELS,
  NODE_SPECS,
  PARTIAL_DATE,
  type NodeLabel,
} from '../model/registry';

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

const RULES: Record<ScalarKind, PropertyDecorator[]> = {
  String: [IsString(), MaxLength(2000)],
  Int: [IsInt()],
  Float: [IsNumber({ allowNaN: false, allowInfinity: false })],
  Boolean: [IsBoolean()],
  StringList: [ArrayMaxSize(50), IsString({ each: true }), MaxLength(200, { each: true })],
};

export const INPUT_TYPES = new Map<NodeLabel, Class>();

for (const label of WRITABLE_LABELS) {
  const name = `${label}Input`;
  const cls = namedClass(name);
  const proto = prototypeOf(cls);
  const spec = NODE_SPECS[label];
  const required = new Set(spec.required);

  Field(() => ID, { description: `The id: ${ID_PREFIX[label]}:slug, lower-case ASCII.` })(proto, 'id');
  Matches(new RegExp(`^${ID_PREFIX[label]}:`), { message: `id must start with ${ID_PREFIX[label]}:` })(
    proto,
    'id',
  );
  Matches(ID_PATTERN, { message: 'id must be of the form prefix:slug in lower-case ASCII' })(proto, 'id');
  Field(() => String, { description: 'The Chinese name, as the source writes it.' })(proto, 'name');
  MinLength(1)(proto, 'name');
  MaxLength(200)(proto, 'name');
  Field(() => String, { nullable: true, description: 'An English name.' })(proto, 'nameEn');
  IsOptional()(proto, 'nameEn');
  MaxLength(200)(proto, 'nameEn');
  Field(() => String, { nullable: true, description: 'A curator’s note.' })(proto, 'note');
  IsOptional()(proto, 'note');
  MaxLength(2000)(proto, 'note');

  for (const [field, scalar] of Object.entries(ENTITIES[label].scalars)) {
    const isRequired = required.has(field);
    Field(GRAPHQL_TYPE[scalar.kind] as () => typeof String, {
      nullable: !isRequired,
      description: scalar.description,
    })(proto, field);
    if (!isRequired) IsOptional()(proto, field);
    for (const rule of RULES[scalar.kind]) rule(proto, field);
    const allowed = spec.enums?.[field];
    if (allowed)
      IsIn([...allowed], { message: `${field} must be one of ${allowed.join(', ')}` })(proto, field);
    if (label === 'Indicator' && field === 'date') {
      Matches(PARTIAL_DATE, { message: 'date must be YYYY, YYYY-MM or YYYY-MM-DD' })(proto, field);
    }
  }
  InputType(name, { description: `A ${label} to create or update by id.` })(cls);
  INPUT_TYPES.set(label, cls);
}
