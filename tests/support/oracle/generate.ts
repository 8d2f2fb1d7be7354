import fc from 'fast-check';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  isLeafType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { encodeCursor } from '../../../src/read/cursor';
import { ID_PREFIX, NODE_LABELS, NODE_SPECS, type NodeLabel } from '../../../src/model/registry';
import type { Reference } from './reference';

/** Real values of the curated data, so generated operations find things as well as miss them. */
export interface Pools {
  nodes: { id: string; label: NodeLabel; name: string }[];
  metrics: string[];
  /** Cursors the service handed out on real pages, by root list field and then by order. */
  cursors: Record<string, Record<string, string[]>>;
}

export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
}

type Gen = fc.GeneratorValue;

/** Filters that name a node, and the label that node has. */
const ID_FILTERS: Record<string, NodeLabel | 'any'> = {
  zone: 'Park',
  park: 'Park',
  chain: 'IndustryChain',
  segment: 'ChainSegment',
  chainType: 'ChainType',
  subject: 'any',
};

const ORDERS = ['NAME_ASC', 'NAME_DESC', 'ID_ASC', 'ID_DESC'];

const ALIASES = ['a', 'b', 'x', 'y', 'id', 'name', 'node', 'nodes', 'zone'];

/**
 * Builds one valid operation from the schema: root fields the reference covers, with aliases (several
 * on one field with different arguments), arguments as literals, variables (with and without
 * defaults, sent, omitted or null) and explicit nulls, selections spread through named and inline
 * fragments (also on Node), @include / @skip, and repeated fields. Response keys are unique within a
 * selection set unless the field is repeated verbatim, so the operation always validates.
 */
class Builder {
  private readonly definitions: string[] = [];
  readonly variables: Record<string, unknown> = {};
  private readonly fragments: string[] = [];
  private counter = 0;

  constructor(
    private readonly g: Gen,
    private readonly schema: GraphQLSchema,
    private readonly ref: Reference,
    private readonly pools: Pools,
  ) {}

  private int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }
  private chance(percent: number): boolean {
    return this.int(0, 99) < percent;
  }
  private pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  operation(): GeneratedOperation {
    const query = this.schema.getQueryType() as GraphQLObjectType;
    const roots = Object.values(query.getFields()).filter((f) => this.ref.covers('Query', f.name));
    const count = this.int(1, 3);
    const items: string[] = [];
    const used = new Set<string>();
    for (let i = 0; i < count; i += 1) {
      const field = this.pick(roots);
      // A second use of one root field always gets its own alias, so both can have different arguments.
      const key = used.has(field.name) || this.chance(30) ? this.freshAlias(used, field.name) : field.name;
      used.add(key);
      items.push(this.field(field, key, 3));
    }
    const name = this.chance(50) ? ` Op${this.int(0, 9)}` : '';
    const defs = this.definitions.length > 0 ? `(${this.definitions.join(', ')})` : '';
    const head = name || defs ? `query${name}${defs} ` : '';
    return {
      query: `${head}{ ${items.join(' ')} }${this.fragments.map((f) => `\n${f}`).join('')}`,
      variables: this.variables,
    };
  }

  private freshAlias(used: Set<string>, field: string): string {
    const free = ALIASES.filter((a) => !used.has(a) && a !== field);
    return free.length > 0 && this.chance(70) ? this.pick(free) : `k${this.counter++}`;
  }

  /** One field, with its alias, arguments, directives and sub-selection. */
  private field(field: GraphQLField<unknown, unknown>, key: string, depth: number): string {
    const alias = key === field.name ? '' : `${key}: `;
    const args = this.args(field);
    const directive = this.directive();
    const type = getNamedType(field.type);
    const selection = isLeafType(type) ? '' : ` ${this.selection(type.name, depth)}`;
    return `${alias}${field.name}${args}${directive}${selection}`;
  }

  private directive(): string {
    if (!this.chance(15)) return '';
    const which = this.chance(50) ? 'include' : 'skip';
    if (this.chance(50)) return ` @${which}(if: ${String(this.chance(60) === (which === 'include'))})`;
    const name = `b${this.counter++}`;
    const value = this.chance(50);
    if (this.chance(30)) {
      this.definitions.push(`$${name}: Boolean = ${String(value)}`);
    } else {
      this.definitions.push(`$${name}: Boolean!`);
      this.variables[name] = value;
    }
    return ` @${which}(if: $${name})`;
  }

  private args(field: GraphQLField<unknown, unknown>): string {
    const given: string[] = [];
    const label = this.labelOf(field);
    const context: ArgContext = { field: field.name, label, orderBy: 'NAME_ASC' };
    // orderBy first, so a cursor can be made for the order the page uses.
    const ordered = [...field.args].sort(
      (a, b) => Number(b.name === 'orderBy') - Number(a.name === 'orderBy'),
    );
    for (const arg of ordered) {
      const required = arg.type instanceof GraphQLNonNull;
      const value = this.argValue(arg, context);
      if (value === undefined) {
        if (required) throw new Error(`generator: no value for required ${field.name}(${arg.name})`);
        continue;
      }
      if (arg.name === 'orderBy' && typeof value === 'string') context.orderBy = value;
      if (!required && this.chance(10)) {
        given.push(`${arg.name}: null`);
        continue;
      }
      if (this.chance(25)) {
        const name = `v${this.counter++}`;
        const type = arg.type.toString();
        if (!required && this.chance(40)) {
          // A variable with a default: sometimes sent, sometimes omitted, sometimes null.
          this.definitions.push(`$${name}: ${type} = ${literal(arg.type, value)}`);
          const mode = this.int(0, 2);
          if (mode === 1) this.variables[name] = value;
          if (mode === 2) this.variables[name] = null;
        } else {
          this.definitions.push(`$${name}: ${type}`);
          if (required || this.chance(80)) this.variables[name] = value;
          else if (this.chance(50)) this.variables[name] = null;
        }
        given.push(`${arg.name}: $${name}`);
      } else {
        given.push(`${arg.name}: ${literal(arg.type, value)}`);
      }
    }
    return given.length > 0 ? `(${given.join(', ')})` : '';
  }

  private labelOf(field: GraphQLField<unknown, unknown>): NodeLabel | undefined {
    const type = getNamedType(field.type).name.replace(/Connection$/, '');
    return (NODE_LABELS as readonly string[]).includes(type) ? (type as NodeLabel) : undefined;
  }

  private idOf(label: NodeLabel | 'any'): string {
    const nodes = label === 'any' ? this.pools.nodes : this.pools.nodes.filter((n) => n.label === label);
    if (nodes.length === 0 || this.chance(10)) {
      const prefix = label === 'any' ? ID_PREFIX[this.pick(NODE_LABELS)] : ID_PREFIX[label];
      return `${prefix}:no-such-${this.int(0, 9)}`;
    }
    return this.pick(nodes).id;
  }

  /** A value for an argument, or undefined to leave it out. */
  private argValue(arg: GraphQLArgument, ctx: ArgContext): unknown {
    const required = arg.type instanceof GraphQLNonNull;
    if (!required && this.chance(35)) return undefined;
    const type = getNamedType(arg.type);
    switch (arg.name) {
      case 'id':
        if (ctx.label) return this.chance(85) ? this.idOf(ctx.label) : this.idOf('any');
        return this.idOf('any');
      case 'first':
        if (ctx.field === 'search') return this.pick([1, 3, 10, 50, 51]);
        return this.pick([1, 2, 3, 5, 5, 20, 100, 0, 101]);
      case 'last':
        return this.pick([1, 2, 3, 5, 5, 20, 100, 0, 101]);
      case 'text':
        return this.searchText();
      case 'after':
      case 'before':
        return this.cursor(ctx);
      case 'filter':
        return type instanceof GraphQLInputObjectType && ctx.label ? this.filter(type, ctx.label) : undefined;
      default:
        if (type instanceof GraphQLEnumType) return this.pick(type.getValues()).name;
        return undefined;
    }
  }

  private searchText(): string {
    const node = this.pick(this.pools.nodes);
    const chars = [...node.name];
    const start = this.int(0, Math.max(0, chars.length - 2));
    return chars.slice(start, start + this.int(2, 4)).join('') || 'zone';
  }

  /**
   * A cursor for `after` or `before`: mostly one the service gave out on a real page of the same list
   * and order, else one made for any node of the label (a keyset position that may be filtered out),
   * and sometimes one of another order, which the API must refuse.
   */
  private cursor(ctx: ArgContext): string {
    const order = this.chance(90) ? ctx.orderBy : this.pick(ORDERS.filter((o) => o !== ctx.orderBy));
    const real = this.pools.cursors[ctx.field]?.[order] ?? [];
    if (real.length > 0 && this.chance(60)) return this.pick(real);
    const nodes = this.pools.nodes.filter((n) => n.label === ctx.label);
    const node = nodes.length > 0 ? this.pick(nodes) : this.pick(this.pools.nodes);
    return encodeCursor(order, order.startsWith('NAME') ? node.name : node.id, node.id);
  }

  private filter(type: GraphQLInputObjectType, label: NodeLabel): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const fields = Object.values(type.getFields());
    const count = this.int(0, 2);
    for (let i = 0; i < count; i += 1) {
      const field = this.pick(fields);
      const named = getNamedType(field.type);
      if (this.chance(10)) result[field.name] = null;
      else if (field.name === 'ids')
        result.ids = Array.from({ length: this.int(1, 3) }, () => this.idOf(this.chance(80) ? label : 'any'));
      else if (field.name === 'nameContains') result.nameContains = this.searchText();
      else if (field.name === 'metric') result.metric = this.pick([...this.pools.metrics, 'no_such_metric']);
      else if (field.name in ID_FILTERS) result[field.name] = this.idOf(ID_FILTERS[field.name] ?? 'any');
      else if (named instanceof GraphQLEnumType) result[field.name] = this.pick(named.getValues()).name;
      else if (named.name === 'Boolean') result[field.name] = this.chance(50);
      else {
        const allowed = NODE_SPECS[label].enums?.[field.name] ?? [];
        result[field.name] = this.chance(90) && allowed.length > 0 ? this.pick(allowed) : 'NO_SUCH_VALUE';
      }
    }
    return result;
  }

  /** A selection set on a type: fields the reference covers, spread directly or through fragments. */
  private selection(typeName: string, depth: number): string {
    const type = this.schema.getType(typeName);
    const items: string[] = [];
    const used = new Set<string>();
    if (type instanceof GraphQLInterfaceType) {
      const fields = Object.values(type.getFields()).filter((f) => this.coveredEverywhere(type, f.name));
      this.fieldsInto(items, used, typeName, fields, depth);
      for (let i = this.int(0, 2); i > 0; i -= 1) {
        const concrete = this.pick(this.schema.getPossibleTypes(type));
        const inner = this.objectFields(concrete, depth, used);
        if (inner.length > 0) items.push(this.wrap(concrete.name, inner, typeName));
      }
      if (this.chance(30)) items.push('__typename');
    } else if (type instanceof GraphQLObjectType) {
      const inner = this.objectFields(type, depth, used);
      items.push(
        ...inner.map((item) =>
          this.chance(20) ? this.wrap(this.fragmentTypeFor(type, item), [item], typeName) : item,
        ),
      );
      if (this.chance(10)) items.push('__typename');
    }
    if (items.length === 0) items.push('__typename');
    if (this.chance(15)) items.push(this.pick(items)); // a repeated field, verbatim
    return `{ ${items.join(' ')} }`;
  }

  private objectFields(type: GraphQLObjectType, depth: number, used: Set<string>): string[] {
    const fields = Object.values(type.getFields()).filter((f) => this.ref.covers(type.name, f.name));
    const items: string[] = [];
    this.fieldsInto(items, used, type.name, fields, depth);
    return items;
  }

  private fieldsInto(
    items: string[],
    used: Set<string>,
    typeName: string,
    fields: GraphQLField<unknown, unknown>[],
    depth: number,
  ): void {
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
    const objects = depth > 0 ? fields.filter((f) => !isLeafType(getNamedType(f.type))) : [];
    const count = this.int(1, 4);
    for (let i = 0; i < count; i += 1) {
      const pool = objects.length > 0 && this.chance(45) ? objects : leaves;
      if (pool.length === 0) continue;
      const field = this.pick(pool);
      let key = field.name;
      if (used.has(key) || this.chance(25)) key = this.freshAlias(used, field.name);
      if (used.has(key)) continue;
      used.add(key);
      // Connections are one level of their own: their pages count as the same depth.
      const next = typeName.endsWith('Connection') || typeName.endsWith('Edge') ? depth : depth - 1;
      items.push(this.field(field, key, next));
    }
  }

  /** True when every type implementing the interface has the field covered by the reference. */
  private coveredEverywhere(type: GraphQLInterfaceType, field: string): boolean {
    return this.schema.getPossibleTypes(type).every((t) => this.ref.covers(t.name, field));
  }

  /** The type a fragment around this item may be on: the type itself, or Node for Node's own fields. */
  private fragmentTypeFor(type: GraphQLObjectType, item: string): string {
    const node = this.schema.getType('Node') as GraphQLInterfaceType;
    const field = /^(?:\w+: )?(\w+)/.exec(item)?.[1] ?? '';
    const onNode = type.getInterfaces().includes(node) && field in node.getFields();
    return onNode && this.chance(50) ? 'Node' : type.name;
  }

  /** Items inside an inline fragment (with or without a type condition) or a named fragment. */
  private wrap(on: string, items: string[], parent: string): string {
    const body = `{ ${items.join(' ')} }`;
    const kind = this.int(0, 2);
    if (kind === 0) return `... on ${on}${this.directive()} ${body}`;
    // Without a type condition the fragment is on the parent type, so only the parent's own fields fit.
    if (kind === 1 && on === parent) return `...${this.directive()} ${body}`;
    const name = `F${this.counter++}`;
    this.fragments.push(`fragment ${name} on ${on} ${body}`);
    return `...${name}${this.directive()}`;
  }
}

interface ArgContext {
  field: string;
  label: NodeLabel | undefined;
  orderBy: string;
}

/** A GraphQL literal for a value of the given input type. */
function literal(type: GraphQLInputType, value: unknown): string {
  if (value === null) return 'null';
  const inner = type instanceof GraphQLNonNull ? type.ofType : type;
  if (inner instanceof GraphQLList)
    return `[${(value as unknown[]).map((v) => literal(inner.ofType, v)).join(', ')}]`;
  if (inner instanceof GraphQLInputObjectType) {
    const fields = inner.getFields();
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${k}: ${literal((fields[k] as { type: GraphQLInputType }).type, v)}`,
    );
    return `{ ${entries.join(', ')} }`;
  }
  if (inner instanceof GraphQLEnumType) return value as string;
  return JSON.stringify(value);
}

/** The arbitrary of valid operations over the schema, answerable by the reference. */
export function operations(
  schema: GraphQLSchema,
  ref: Reference,
  pools: Pools,
): fc.Arbitrary<GeneratedOperation> {
  return fc.gen().map((g) => new Builder(g, schema, ref, pools).operation());
}
