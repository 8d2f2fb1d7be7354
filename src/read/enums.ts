/**
 * GraphQL enums for every property whose values the model lists (src/model/labels/), so clients
 * autocomplete them and code generators type them. The model's list stays the one source: each enum
 * is built from it, its internal values are the stored strings, and a model value that is not a valid
 * GraphQL name gets a mapped name here (none needs one today; the check is in enumName).
 */
import { registerEnumType } from 'type-graphql';
import { LABEL_DECLS, NODE_LABELS, NODE_SPECS, type NodeLabel } from '../model/registry';

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

/** One description per value of every enumerated property, keyed `Label.property`, from the declarations. */
export const VALUE_DESCRIPTIONS: Record<string, Readonly<Record<string, string>>> = Object.fromEntries(
  NODE_LABELS.flatMap((label) =>
    Object.entries(LABEL_DECLS[label].properties).flatMap(([property, decl]) =>
      decl.values ? [[`${label}.${property}`, decl.values]] : [],
    ),
  ),
);

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
