/**
 * Classes made at run time: the read API has one object type, filter input, connection and resolver per
 * label, built from declarations, so their classes are created and decorated in code.
 */
export type Class = new () => object;

/** A class with the given name (the GraphQL type name), optionally extending a base class. */
export function namedClass(name: string, base?: abstract new () => object): Class {
  const holder = base ? { [name]: class extends (base as Class) {} } : { [name]: class {} };
  return holder[name];
}

/** The prototype that property and method decorators apply to. */
export const prototypeOf = (cls: Class): object => cls.prototype as object;
