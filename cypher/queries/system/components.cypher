// The Neo4j server's product name, version and edition, for Query.serviceInfo and /ready.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
