import { evaluateCandidates } from '../../tools/eval/candidates';
import { generate } from '../../tools/synthetic/generate';
import { testGateway } from '../support/db';

describe('synthetic data', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = JSON.stringify(generate({ enterprises: 300, zones: 6, seed: 7 }).content);
    expect(JSON.stringify(generate({ enterprises: 300, zones: 6, seed: 7 }).content)).toBe(a);
    expect(JSON.stringify(generate({ enterprises: 300, zones: 6, seed: 8 }).content)).not.toBe(a);
  });
});

/**
 * The candidate-ranking evaluation on a small synthetic set in the test database. The figures it
 * reports are measured here, not asserted as targets: the checks are that the ranking does better than
 * picking at random, which a broken ranking would not, and no worse than any standard baseline alone
 * on the same candidates (true for this seed; the README gives the figures at the tool's sizes).
 */
describe('candidate ranking evaluation (real database, synthetic data)', () => {
  const gateway = testGateway(60_000);
  afterAll(() => gateway.close());

  it('reports precision@k above the random baseline and at least each baseline alone', async () => {
    const report = await evaluateCandidates(gateway, {
      enterprises: 600,
      zones: 8,
      seed: 42,
      hide: 0.2,
      ks: [5, 10],
    });
    expect(report.queries).toBeGreaterThan(20);
    for (const result of report.results) {
      expect(result.randomBaseline).toBeGreaterThan(0);
      expect(result.precision.ours).toBeGreaterThan(2 * result.randomBaseline);
      for (const baseline of ['commonNeighbours', 'adamicAdar', 'preferentialAttachment'] as const)
        expect({ k: result.k, baseline, ours: result.precision.ours }).toEqual({
          k: result.k,
          baseline,
          ours: Math.max(result.precision.ours, result.precision[baseline]),
        });
    }
    // More candidates than k, so the rankings' top k can differ at all.
    expect(report.meanPool).toBeGreaterThan(10);
  });
});
