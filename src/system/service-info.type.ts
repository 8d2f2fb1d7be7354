import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What this service runs on: its own version and the Neo4j behind it.' })
export class ServiceInfo {
  @Field({ description: 'Version of this GraphQL service (package.json).' })
  version!: string;

  @Field({ description: 'Neo4j product name, as the server reports it.' })
  neo4jName!: string;

  @Field({ description: 'Neo4j server version, for example 5.26.30.' })
  neo4jVersion!: string;

  @Field({ description: 'Neo4j edition: community or enterprise.' })
  neo4jEdition!: string;

  @Field({ description: 'The Neo4j database the service reads and writes.' })
  database!: string;
}
