/**
 * Classes made at run time: the read API has one object type, filter input and write input per label,
 * whose fields come from the label's declaration, so their classes are created here and decorated in a
 * loop over the declared fields. Classes whose fields do not depend on the label (connections,
 * resolvers) are class factories instead: a function returning a decorated class.
 */
import { Float, Int } from 'type-graphql';
import type { ScalarKind } from '../model/define';

export type Class = new () => object;

/** What a type-graphql `@Field` or `@Arg` type function may return: a class, scalar, enum or a list. */
export type TypeThunk = () => object;

/** The GraphQL type of each scalar kind of the model, for output types and inputs alike. */
export const scalarType = (kind: ScalarKind): TypeThunk =>
  ({
    String: () => String,
    Int: () => Int,
    Float: () => Float,
    Boolean: () => Boolean,
    StringList: () => [String],
  })[kind];

/** A class with the given name (the GraphQL type name), optionally extending a base class. */
export function namedClass(name: string, base?: abstract new () => object): Class {
  const holder = base ? { [name]: class extends base {} } : { [name]: class {} };
  return holder[name];
}

/** The prototype that property decorators apply to. */
export const prototypeOf = (cls: Class): object => cls.prototype as object;

/** A registry of the classes built per label, that says which one is missing instead of returning undefined. */
export class ClassesByLabel<L extends string> {
  private readonly classes = new Map<L, Class>();

  constructor(private readonly what: string) {}

  /** The classes as a read-only map. */
  get map(): ReadonlyMap<L, Class> {
    return this.classes;
  }

  set(label: L, cls: Class): void {
    this.classes.set(label, cls);
  }

  get(label: L): Class {
    const cls = this.classes.get(label);
    if (!cls) throw new Error(`no ${this.what} for ${label}: it is built at load, in label order`);
    return cls;
  }
}
