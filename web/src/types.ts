/** The shapes of the answers the page reads, as web/src/operations.ts selects them. */
export type Status = 'COVERED' | 'WEAK' | 'FILLING' | 'MISSING';

export interface SourceRef {
  id: string;
  name: string;
  author: string | null;
  file: string | null;
  year: number | null;
  kind: string | null;
}

export interface Named {
  __typename?: string;
  id: string;
  name: string;
  nameEn?: string | null;
  sources?: SourceRef[];
}

export interface ProjectRef extends Named {
  status: string | null;
  amountText?: string | null;
}

export interface FillLink {
  basis: string | null;
  note: string | null;
  sources: string[];
  node: { id: string };
}

export interface SegmentGap {
  segment: Named & { stage: string | null; order: number | null; projects: FillLink[] };
  status: Status;
  gapType: string | null;
  enterpriseCount: number;
  score: { total: number; localScale: number; linkage: number; innovation: number };
  projects: ProjectRef[];
}

export interface ChainMapAnswer {
  covered: number;
  weak: number;
  filling: number;
  missing: number;
  chain: Named & {
    note: string | null;
    zone: Named | null;
    chainType:
      | (Named & {
          segments: { id: string; feeds: { id: string }[] }[];
          chains: (Named & { zone: Named | null })[];
        })
      | null;
    chainMasters: (Named & { shortName: string | null; segments: { id: string }[] })[];
    leaders: Named[];
    /** False when no source names a chain leader: `leaders` is then empty for that reason. */
    leadersNamed: boolean;
    committee: Named | null;
  };
  segments: SegmentGap[];
}

export interface PartyOverlayAnswer {
  committee:
    | (Named & {
        kind: string | null;
        secretary: string | null;
        members: (Named & { belongsTo?: { id: string; name: string } | null })[];
        pairedWith: Named[];
        reportsTo: Named | null;
        leaders: Named[];
      })
    | null;
  chainMasters: { id: string; name: string; partyOrganizations: Named[] }[];
}

export interface TalentStep {
  count: number | null;
  unit: string | null;
  programme: string | null;
  sources: string[];
  from: Named;
  to: Named;
}

export interface InnovationOutcome extends Named {
  kind: string | null;
  developers: Named[];
  transferredTo: Named[];
  appliesTo: { id: string }[];
}

export interface Reach {
  orphanedSegments: string[];
  downstreamSegments: string[];
  upstream: { id: string; distance: number }[];
  downstream: { id: string; distance: number }[];
}

/** chainDiff's answer, as CHAIN_DIFF selects it. */
export interface ChainDiffAnswer {
  from: string;
  to: string;
  segments: {
    segment: Named;
    from: Status | null;
    to: Status | null;
    move: 'CLOSED' | 'OPENED';
    changes: { seq: string }[];
  }[];
  enterprises: { segment: Named; enterprise: Named; move: 'ENTERED' | 'LEFT'; changes: { seq: string }[] }[];
  projects: { project: Named; from: string | null; to: string | null; changes: { seq: string }[] }[];
  changes: { seq: string }[];
}
