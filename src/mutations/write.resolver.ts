/**
 * The mutations: for every label but Source an upsert and a delete, and link / unlink for the
 * maintained relationships. All need an editor or admin key (see authChecker in server/auth.ts).
 */
import 'reflect-metadata';
import { IsOptional } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  Float,
  ID,
  Int,
  Info,
  InputType,
  Mutation,
  ObjectType,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import { AppError } from '../errors';
import { namedClass, prototypeOf, type Class } from '../read/classes';
import { entityType, NodeInterface } from '../read/types';
import type { Context } from '../read/context';
import { RELATIONSHIP_SPECS, type NodeLabel, type RelationshipType } from '../model/registry';
import { isNodeId } from '../read/args';
import { followsRule, INPUT_TYPES, WRITABLE_LABELS } from './inputs';
import { LINK_PROPERTIES } from '../model/properties';
import { SeedValidationError } from '../import/format';
import { importFiles, parseImport } from '../import/import';
import { actorOf, deleteNode, link, MAINTAINED, unlink, upsertNode } from './writes';

export const WRITER_ROLES = ['editor', 'admin'];

const MaintainedRelationship = Object.fromEntries(MAINTAINED.map((t) => [t, t])) as Record<string, string>;
registerEnumType(MaintainedRelationship, {
  name: 'MaintainedRelationship',
  description:
    'The relationships kept through the API: enterprise to segment, supplier, membership, partnership, project fills, ...',
  valuesConfig: Object.fromEntries(
    MAINTAINED.map((type) => [type, { description: RELATIONSHIP_SPECS[type].description }]),
  ),
});

const idRule = isNodeId();

@InputType({ description: 'A relationship to create, update or remove, with the source it cites.' })
export class LinkInput {
  @Field(() => MaintainedRelationship, { description: 'The relationship type.' })
  type!: RelationshipType;

  @Field(() => ID, { description: 'The id of the node it starts at.' })
  @idRule
  from!: string;

  @Field(() => ID, { description: 'The id of the node it ends at.' })
  @idRule
  to!: string;

  @Field(() => ID, { description: 'The Source this fact comes from.' })
  @idRule
  source!: string;

  @Field(() => String, { nullable: true, description: 'SUPPLIES: the product.' })
  @IsOptional()
  @followsRule(LINK_PROPERTIES.product)
  product?: string;

  @Field(() => String, { nullable: true, description: 'TRAINS_FOR: the programme.' })
  @IsOptional()
  @followsRule(LINK_PROPERTIES.programme)
  programme?: string;

  @Field(() => Float, { nullable: true, description: 'TRAINS_FOR: how many people.' })
  @IsOptional()
  @followsRule(LINK_PROPERTIES.count)
  count?: number;

  @Field(() => String, { nullable: true, description: 'The unit of the count.' })
  @IsOptional()
  @followsRule(LINK_PROPERTIES.unit)
  unit?: string;

  @Field(() => String, { nullable: true, description: 'FILLS: how the project acts on the segment.' })
  @IsOptional()
  @followsRule(LINK_PROPERTIES.mode)
  mode?: string;

  @Field(() => String, { nullable: true, description: 'How the link was read from its source.' })
  @IsOptional()
  @followsRule(LINK_PROPERTIES.note)
  note?: string;
}

@ObjectType({ description: 'A relationship as written.' })
export class LinkResult {
  @Field({ description: 'The relationship type.' })
  type!: string;

  @Field(() => NodeInterface, { description: 'The node it starts at.' })
  from!: object;

  @Field(() => NodeInterface, { description: 'The node it ends at.' })
  to!: object;
}

@Resolver()
export class LinkResolver {
  @Authorized(WRITER_ROLES)
  @Mutation(() => LinkResult, {
    description:
      'Creates or updates a maintained relationship, in one transaction; CONFLICT if it breaks an invariant.',
  })
  link(
    @Arg('input', () => LinkInput, {
      description: 'The relationship, its ends, its properties and its source.',
    })
    input: LinkInput,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object> {
    const { type, from, to, source, ...properties } = input;
    return link(ctx, info, { type, from, to, source, properties: { ...properties } });
  }

  @Authorized(WRITER_ROLES)
  @Mutation(() => Boolean, { description: 'Removes a maintained relationship; false when there was none.' })
  unlink(
    @Arg('input', () => LinkInput, {
      description: 'The relationship and its ends; the properties are ignored.',
    })
    input: LinkInput,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return unlink(ctx, { type: input.type, from: input.from, to: input.to, source: input.source });
  }
}

/** The upsert and delete mutations of one label; assigned and decorated as in read/resolvers.ts, for the same reason (argument order). */
function labelWriteResolver(label: NodeLabel): Class {
  const cls = namedClass(`${label}WriteResolver`);
  const proto = prototypeOf(cls) as Record<string, unknown>;
  const upsert = `upsert${label}`;
  const remove = `delete${label}`;

  proto[upsert] = (input: object, source: string, ctx: Context, info: GraphQLResolveInfo) =>
    upsertNode(ctx, info, label, { ...input }, source);
  Reflect.defineMetadata('design:paramtypes', [Object, String, Object, Object], proto, upsert);
  Authorized(WRITER_ROLES)(proto, upsert);
  Mutation(() => entityType(label), {
    description: `Creates or updates a ${label} by id, in one transaction, citing a source; records who and when.`,
  })(proto, upsert, Object.getOwnPropertyDescriptor(proto, upsert) as PropertyDescriptor);
  Arg('input', () => INPUT_TYPES.get(label), {
    description: `The ${label}: its id and the properties to set.`,
  })(proto, upsert, 0);
  Arg('source', () => ID, { description: 'The Source this comes from.' })(proto, upsert, 1);
  Ctx()(proto, upsert, 2);
  Info()(proto, upsert, 3);

  proto[remove] = (id: string, source: string, ctx: Context) => deleteNode(ctx, label, id, source);
  Reflect.defineMetadata('design:paramtypes', [String, String, Object], proto, remove);
  Authorized(WRITER_ROLES)(proto, remove);
  Mutation(() => Boolean, {
    description: `Deletes a ${label} and its relationships; false when there was none.`,
  })(proto, remove, Object.getOwnPropertyDescriptor(proto, remove) as PropertyDescriptor);
  Arg('id', () => ID, { description: `The id of the ${label} to delete.` })(proto, remove, 0);
  Arg('source', () => ID, { description: 'The Source that says so.' })(proto, remove, 1);
  Ctx()(proto, remove, 2);

  Resolver()(cls);
  return cls;
}

export enum ImportFormat {
  JSON = 'JSON',
  CSV = 'CSV',
}
registerEnumType(ImportFormat, {
  name: 'ImportFormat',
  description: 'JSON in the seed format, or CSV as seed/README.md describes.',
  valuesConfig: {
    JSON: { description: 'A seed file: { sources, nodes, relationships } as JSON.' },
    CSV: { description: 'The CSV form of a seed file, one record a row.' },
  },
});

@ObjectType({ description: 'What an import held and whether it was written.' })
export class ImportReportType {
  @Field(() => Int, { description: 'Nodes the import holds.' })
  nodes!: number;

  @Field(() => Int, { description: 'Nodes whose id the database did not hold.' })
  newNodes!: number;

  @Field(() => Int, { description: 'Relationships the import holds.' })
  relationships!: number;

  @Field({ description: 'True when this was a dry run.' })
  dryRun!: boolean;

  @Field({ description: 'False for a dry run; an invalid import is an error and writes nothing.' })
  written!: boolean;
}

@Resolver()
export class ImportResolver {
  @Authorized(WRITER_ROLES)
  @Mutation(() => ImportReportType, {
    description:
      'Imports a file in the seed format (JSON) or its CSV form: all of it is validated first, nothing is written ' +
      'unless all is valid, and importing it again changes nothing. dryRun reports without writing. ' +
      'content is at most 1 MB: send larger imports (up to IMPORT_MAX_BYTES, gzip accepted) as the body of ' +
      'POST /import, with the same key.',
  })
  async importData(
    @Arg('format', () => ImportFormat, { description: 'The format of content.' }) format: ImportFormat,
    @Arg('content', { description: 'The file content, at most 1 MB.' }) content: string,
    @Arg('dryRun', {
      defaultValue: false,
      description: 'Validate and report, without writing anything.',
    })
    dryRun: boolean,
    @Ctx() ctx: Context,
  ): Promise<ImportReportType> {
    const file = parseImport(format === ImportFormat.CSV ? 'import.csv' : 'import.json', content);
    try {
      return await importFiles(ctx.gateway, [file], dryRun, actorOf(ctx));
    } catch (error) {
      if (error instanceof SeedValidationError) {
        throw new AppError('BAD_USER_INPUT', error.message, { problems: error.problems.slice(0, 50) });
      }
      throw error;
    }
  }
}

export const WRITE_RESOLVERS = [LinkResolver, ImportResolver, ...WRITABLE_LABELS.map(labelWriteResolver)];
