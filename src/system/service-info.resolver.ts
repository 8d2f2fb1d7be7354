import { Ctx, Query, Resolver } from 'type-graphql';
import { defineStatement } from '../db/cypher-files';
import { text } from '../db/values';
import type { Context } from '../read/context';
import { SERVICE_VERSION } from '../version';
import { ServiceInfo } from './service-info.type';

const components = defineStatement('system/components');

@Resolver()
export class ServiceInfoResolver {
  @Query(() => ServiceInfo, { description: 'The service version and the Neo4j it runs on.' })
  async serviceInfo(@Ctx() { gateway }: Context): Promise<ServiceInfo> {
    const [row] = await gateway.read(components());
    return {
      version: SERVICE_VERSION,
      neo4jName: text(row?.name),
      neo4jVersion: text(row?.version),
      neo4jEdition: text(row?.edition),
      database: gateway.connection.database,
    };
  }
}
