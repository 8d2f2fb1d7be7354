// Taken by every writing transaction right before it checks the model's invariants, and held until it
// commits or rolls back. Neo4j runs at READ COMMITTED: two writers that each check the invariants after
// their own writes do not see each other's, so two links that share no node (a → b and c → d, with b → c
// and d → a already there) would each pass and together close a cycle. Creating a node under a uniqueness
// constraint locks its key until the transaction ends, so the second writer's check waits for the first
// to commit and then sees its writes. The node is deleted at once: the lock outlives it, the graph keeps
// nothing.
CREATE (lock:WriteLock {name: 'invariants'})
DELETE lock
