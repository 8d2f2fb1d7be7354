// Uniqueness of every label's key. Applied at every start; IF NOT EXISTS makes it idempotent.
// A uniqueness constraint also gives the index that MERGE and look-ups by id use.

CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT park_id IF NOT EXISTS FOR (n:Park) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT chain_type_id IF NOT EXISTS FOR (n:ChainType) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT chain_segment_id IF NOT EXISTS FOR (n:ChainSegment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT industry_chain_id IF NOT EXISTS FOR (n:IndustryChain) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT enterprise_id IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT party_organization_id IF NOT EXISTS FOR (n:PartyOrganization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT government_body_id IF NOT EXISTS FOR (n:GovernmentBody) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT institution_id IF NOT EXISTS FOR (n:Institution) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT platform_id IF NOT EXISTS FOR (n:Platform) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT pioneer_team_id IF NOT EXISTS FOR (n:PioneerTeam) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT outcome_id IF NOT EXISTS FOR (n:Outcome) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT demand_id IF NOT EXISTS FOR (n:Demand) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT indicator_id IF NOT EXISTS FOR (n:Indicator) REQUIRE n.id IS UNIQUE;
