// Range indexes for the properties that list filters and analyses select on.
CREATE INDEX park_kind IF NOT EXISTS FOR (n:Park) ON (n.kind);
CREATE INDEX enterprise_high_tech IF NOT EXISTS FOR (n:Enterprise) ON (n.highTech);
CREATE INDEX enterprise_specialized IF NOT EXISTS FOR (n:Enterprise) ON (n.specialized);
CREATE INDEX party_organization_kind IF NOT EXISTS FOR (n:PartyOrganization) ON (n.kind);
CREATE INDEX project_status IF NOT EXISTS FOR (n:Project) ON (n.status);
CREATE INDEX indicator_metric IF NOT EXISTS FOR (n:Indicator) ON (n.metric);
CREATE INDEX chain_segment_stage IF NOT EXISTS FOR (n:ChainSegment) ON (n.stage);
