/**
 * What surrounds the firms of each zone in the national-scale set: institutions with their partners,
 * trainees and outcomes, projects that fill segments, and the stated firm counts of zones and chains.
 */
import type { Draw } from './scale-draw';
import type { ScaleFiles } from './scale-files';
import type { Headcount } from './scale-firms';
import { chainOfZone, parkOf, type ChainMaps, type Flow, type Zones } from './scale-zones';

export async function writeResearchAndProjects(
  out: ScaleFiles,
  draw: Draw,
  input: { maps: ChainMaps; flow: Flow; zones: Zones; headcount: Headcount },
): Promise<void> {
  const { maps, flow, zones, headcount } = input;
  const { rnd, int, between } = draw;
  const { segsOfType } = flow;
  const { chainIds, chainType } = zones;
  const { firmOf, perZone, perChain } = headcount;
  const chainOf = (z: number): number => chainOfZone(zones, draw, z);
  /** A stated count of firms, as of mid-2025, that MEASURES a zone or a chain. */
  const firmCount = async (id: string, name: string, metric: string, value: number, subject: string) => {
    await out.node('Indicator', [id, name, metric, value, '家', '2025-06', 'STATED', 'EXACT']);
    await out.link('MEASURES', id, subject);
  };
  const statuses = ['SIGNED', 'BUILDING', 'PRODUCING', 'PLANNED'];
  const kinds = ['UNIVERSITY', 'INSTITUTE', 'LAB'];
  for (let z = 0; z < zones.zoneCount; z += 1) {
    const zone = zones.zoneIds[z] ?? '';
    const slug = zone.split(':')[1] ?? '';
    for (let i = 1, count = between(2, 3); i <= count; i += 1) {
      const inst = `inst:${slug}.i${i}`;
      await out.node('Institution', [
        inst,
        `合成研究院${slug.slice(6)}-${i}`,
        `Synthetic Institute ${slug.slice(6)}-${i}`,
        kinds[int(3)],
      ]);
      await out.link('PARTNERS_WITH', inst, chainIds[chainOf(z)] ?? '');
      await out.link('TRAINS_FOR', inst, chainIds[chainOf(z)] ?? '');
      const partners = new Set<string>();
      for (let k = 0; k < 3; k += 1) {
        const firm = firmOf(z);
        if (firm) partners.add(firm);
      }
      for (const firm of partners) await out.link('PARTNERS_WITH', inst, firm);
      const trainee = firmOf(z);
      if (trainee) await out.link('TRAINS_FOR', inst, trainee);
      for (let o = 1, outcomes = between(1, 2); o <= outcomes; o += 1) {
        const outcome = `outcome:${slug}.i${i}.o${o}`;
        const segs = segsOfType[chainType[chainOf(z)] ?? 0] ?? [];
        const s = segs[int(segs.length)] ?? 0;
        await out.node('Outcome', [outcome, `合成成果${slug.slice(6)}-${i}-${o}`]);
        await out.link('DEVELOPED', inst, outcome);
        await out.link('APPLIES_TO', outcome, maps.segments[s]?.id ?? '');
        const adopter = rnd() < 0.5 ? firmOf(z) : undefined;
        if (adopter) await out.link('TRANSFERS_TO', outcome, adopter);
      }
    }
    for (let p = 1, count = between(2, 4); p <= count; p += 1) {
      const project = `project:${slug}.j${p}`;
      const c = chainOf(z);
      const segs = segsOfType[chainType[c] ?? 0] ?? [];
      await out.node('Project', [
        project,
        `合成项目${slug.slice(6)}-${p}`,
        statuses[int(4)],
        1e7 * between(1, 500),
      ]);
      await out.link('IN_CHAIN', project, chainIds[c] ?? '');
      await out.link('FILLS', project, maps.segments[segs[int(segs.length)] ?? 0]?.id ?? '');
      await out.link('LOCATED_IN', project, parkOf(zones, draw, z) ?? zone);
      const investor = firmOf(z);
      if (investor) await out.link('INVESTS_IN', investor, project);
    }
    await firmCount(`ind:${slug}.enterprises`, '合成企业数', 'enterprises', perZone[z] ?? 0, zone);
  }
  for (let c = 0; c < chainIds.length; c += 1) {
    const chain = chainIds[c] ?? '';
    const id = `ind:${chain.split(':')[1] ?? ''}.enterprises`;
    await firmCount(id, '链上企业数', 'chain_enterprises', perChain[c] ?? 0, chain);
  }
}
