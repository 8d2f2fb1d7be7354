// Webhooks (src/changes/webhooks.ts): each is found by its id; its delivery state lives on the node.
CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (n:Webhook) REQUIRE n.id IS UNIQUE;
