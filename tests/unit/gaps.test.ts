import 'reflect-metadata';
import fc from 'fast-check';
import { GapType, SegmentStatus, classify } from '../../src/analysis/gaps';

/**
 * The gap rule and the score, as the schema's descriptions of SegmentStatus, GapType and SegmentScore
 * state them, checked on counts alone: the analysis integration tests check the counts Neo4j gives.
 */
type Counts = Parameters<typeof classify>[0];

const none: Counts = {
  stage: 'MIDSTREAM',
  local: 0,
  localMasters: 0,
  activeProjects: 0,
  outcomes: 0,
  neighbours: 0,
  coveredNeighbours: 0,
};
const counts = (over: Partial<Counts>): Counts => ({ ...none, ...over });

describe('classify: status and gap type at every boundary', () => {
  // [what, counts, status, gap type]
  const cases: [string, Partial<Counts>, SegmentStatus, GapType | null][] = [
    ['no firm, no project', {}, SegmentStatus.MISSING, GapType.TECHNOLOGY],
    ['one firm', { local: 1 }, SegmentStatus.WEAK, GapType.SUPPLY],
    ['two firms', { local: 2 }, SegmentStatus.COVERED, null],
    ['many firms', { local: 40 }, SegmentStatus.COVERED, null],
    ['no firm, an active project', { activeProjects: 1 }, SegmentStatus.FILLING, GapType.TECHNOLOGY],
    [
      'one firm and an active project: FILLING wins over WEAK',
      { local: 1, activeProjects: 1 },
      SegmentStatus.FILLING,
      GapType.TECHNOLOGY,
    ],
    [
      'two firms and an active project: COVERED wins',
      { local: 2, activeProjects: 3 },
      SegmentStatus.COVERED,
      null,
    ],
    ['chain-masters alone do not cover', { local: 1, localMasters: 1 }, SegmentStatus.WEAK, GapType.SUPPLY],
    ['missing midstream that research serves', { outcomes: 1 }, SegmentStatus.MISSING, GapType.SUPPLY],
    ['missing upstream', { stage: 'UPSTREAM' }, SegmentStatus.MISSING, GapType.UPSTREAM],
    [
      'missing upstream, research or not',
      { stage: 'UPSTREAM', outcomes: 5 },
      SegmentStatus.MISSING,
      GapType.UPSTREAM,
    ],
    ['missing downstream', { stage: 'DOWNSTREAM' }, SegmentStatus.MISSING, GapType.DOWNSTREAM],
    ['filling upstream', { stage: 'UPSTREAM', activeProjects: 1 }, SegmentStatus.FILLING, GapType.UPSTREAM],
    [
      'filling downstream',
      { stage: 'DOWNSTREAM', local: 1, activeProjects: 2 },
      SegmentStatus.FILLING,
      GapType.DOWNSTREAM,
    ],
    [
      'filling midstream with research',
      { activeProjects: 1, outcomes: 2 },
      SegmentStatus.FILLING,
      GapType.SUPPLY,
    ],
    [
      'weak upstream is a supply gap, not an upstream one',
      { stage: 'UPSTREAM', local: 1 },
      SegmentStatus.WEAK,
      GapType.SUPPLY,
    ],
    ['weak downstream likewise', { stage: 'DOWNSTREAM', local: 1 }, SegmentStatus.WEAK, GapType.SUPPLY],
    ['covered upstream has no gap type', { stage: 'UPSTREAM', local: 2 }, SegmentStatus.COVERED, null],
  ];
  it.each(cases)('%s', (_what, over, status, gapType) => {
    const result = classify(counts(over));
    expect(result.status).toBe(status);
    expect(result.gapType).toBe(gapType);
  });
});

describe('classify: the score 100 × (0.5 × localScale + 0.3 × linkage + 0.2 × innovation)', () => {
  // [what, counts, localScale, linkage, innovation, total]
  const cases: [string, Partial<Counts>, number, number, number, number][] = [
    ['nothing', {}, 0, 0, 0, 0],
    ['one firm: a third of the scale', { local: 1 }, 0.333, 0, 0, 16.667],
    ['a chain-master counts twice', { local: 1, localMasters: 1 }, 0.667, 0, 0, 33.333],
    ['three firms fill the scale', { local: 3 }, 1, 0, 0, 50],
    ['the scale stops at 1', { local: 9, localMasters: 9 }, 1, 0, 0, 50],
    ['no neighbour: linkage 0, not a division by zero', { neighbours: 0, coveredNeighbours: 0 }, 0, 0, 0, 0],
    ['half the neighbours held', { neighbours: 2, coveredNeighbours: 1 }, 0, 0.5, 0, 15],
    ['every neighbour held', { neighbours: 3, coveredNeighbours: 3 }, 0, 1, 0, 30],
    ['one outcome: half the innovation', { outcomes: 1 }, 0, 0, 0.5, 10],
    ['two outcomes fill it', { outcomes: 2 }, 0, 0, 1, 20],
    ['the innovation stops at 1', { outcomes: 7 }, 0, 0, 1, 20],
    ['everything full', { local: 3, neighbours: 4, coveredNeighbours: 4, outcomes: 2 }, 1, 1, 1, 100],
    [
      'one third of the linkage, rounded to 3 places',
      { neighbours: 3, coveredNeighbours: 1 },
      0,
      0.333,
      0,
      10,
    ],
  ];
  it.each(cases)('%s', (_what, over, localScale, linkage, innovation, total) => {
    expect(classify(counts(over)).score).toEqual({ localScale, linkage, innovation, total });
  });
});

/** Counts as Neo4j can return them: a segment has at most as many held neighbours and local masters as it has neighbours and firms. */
const arbitraryCounts: fc.Arbitrary<Counts> = fc
  .record({
    stage: fc.constantFrom('UPSTREAM', 'MIDSTREAM', 'DOWNSTREAM'),
    local: fc.nat(50),
    masterShare: fc.double({ min: 0, max: 1, noNaN: true }),
    activeProjects: fc.nat(5),
    outcomes: fc.nat(10),
    neighbours: fc.nat(8),
    heldShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ masterShare, heldShare, ...rest }) => ({
    ...rest,
    localMasters: Math.floor(rest.local * masterShare),
    coveredNeighbours: Math.floor(rest.neighbours * heldShare),
  }));

/** The parts one more of which never lowers the score, and how to add one without breaking the counts' bounds. */
const growths: [string, (c: Counts) => Counts][] = [
  ['local', (c) => ({ ...c, local: c.local + 1 })],
  ['localMasters', (c) => ({ ...c, local: c.local + 1, localMasters: c.localMasters + 1 })],
  ['outcomes', (c) => ({ ...c, outcomes: c.outcomes + 1 })],
  [
    'coveredNeighbours',
    (c) => (c.coveredNeighbours < c.neighbours ? { ...c, coveredNeighbours: c.coveredNeighbours + 1 } : c),
  ],
];

describe('classify: invariants on any counts (fast-check)', () => {
  const params = { seed: 12, numRuns: 500 };

  it('the total is 0..100 and every part 0..1', () => {
    fc.assert(
      fc.property(arbitraryCounts, (c) => {
        const { total, localScale, linkage, innovation } = classify(c).score;
        expect(total).toBeGreaterThanOrEqual(0);
        expect(total).toBeLessThanOrEqual(100);
        for (const part of [localScale, linkage, innovation]) {
          expect(part).toBeGreaterThanOrEqual(0);
          expect(part).toBeLessThanOrEqual(1);
        }
      }),
      params,
    );
  });

  it('the total is the weighted sum of its parts, to rounding', () => {
    fc.assert(
      fc.property(arbitraryCounts, (c) => {
        const { total, localScale, linkage, innovation } = classify(c).score;
        // Each part is rounded to 3 places apart from the total: they can differ by 100 × 0.0005.
        expect(Math.abs(total - 100 * (0.5 * localScale + 0.3 * linkage + 0.2 * innovation))).toBeLessThan(
          0.06,
        );
      }),
      params,
    );
  });

  it.each(growths)('one more %s never lowers the score', (_part, grow) => {
    fc.assert(
      fc.property(arbitraryCounts, (c) => {
        expect(classify(grow(c)).score.total).toBeGreaterThanOrEqual(classify(c).score.total);
      }),
      params,
    );
  });

  it('a segment with local firms is never MISSING, and one with two is always COVERED', () => {
    fc.assert(
      fc.property(arbitraryCounts, (c) => {
        const { status } = classify(c);
        if (c.local > 0) expect(status).not.toBe(SegmentStatus.MISSING);
        expect(status === SegmentStatus.COVERED).toBe(c.local >= 2);
      }),
      params,
    );
  });

  it('the gap type is null exactly for COVERED, SUPPLY for WEAK, the stage for an up- or downstream gap', () => {
    fc.assert(
      fc.property(arbitraryCounts, (c) => {
        const { status, gapType } = classify(c);
        expect(gapType === null).toBe(status === SegmentStatus.COVERED);
        if (status === SegmentStatus.WEAK) expect(gapType).toBe(GapType.SUPPLY);
        else if (status !== SegmentStatus.COVERED && c.stage !== 'MIDSTREAM')
          expect(gapType).toBe(c.stage === 'UPSTREAM' ? GapType.UPSTREAM : GapType.DOWNSTREAM);
      }),
      params,
    );
  });

  it('FILLING needs an active project and fewer than two firms; MISSING needs no firm and no active project', () => {
    fc.assert(
      fc.property(arbitraryCounts, (c) => {
        const { status } = classify(c);
        expect(status === SegmentStatus.FILLING).toBe(c.local < 2 && c.activeProjects > 0);
        expect(status === SegmentStatus.MISSING).toBe(c.local === 0 && c.activeProjects === 0);
      }),
      params,
    );
  });

  it('the status depends on firms and projects alone, not on the score parts', () => {
    fc.assert(
      fc.property(arbitraryCounts, arbitraryCounts, (c, other) => {
        const mixed = { ...other, local: c.local, activeProjects: c.activeProjects };
        expect(classify(mixed).status).toBe(classify(c).status);
      }),
      params,
    );
  });
});
