// All nodes of the database but the aggregates' state mark (a check run on an empty database leaves one);
// Neo4j answers both counts from its count store, without a scan.
CALL () { MATCH (n) RETURN count(n) AS all }
CALL () { MATCH (a:AggregateState) RETURN count(a) AS marks }
RETURN all - marks AS nodes
