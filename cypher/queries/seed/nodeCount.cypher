// All nodes of the database; Neo4j answers an unlabelled count from its count store, without a scan.
MATCH (n)
RETURN count(n) AS nodes
