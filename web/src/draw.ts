/**
 * Drawing with cytoscape: dagre lays the segments out upstream to downstream along FEEDS; the projects
 * of a segment stand in a column under it (cytoscape's grid layout in a box below the segment), and the
 * overlays are laid out by dagre again, top to bottom, in a band above the chain.
 */
import type { Core, ElementDefinition, LayoutOptions } from 'cytoscape';
import type { Lang } from './permalink.js';
import { mapStyle } from './style.js';

declare const cytoscapeDagre: cytoscape.Ext;
declare const cytoscapeSvg: cytoscape.Ext;

let registered = false;

/** Heights in the stylesheet's units (style.ts): a segment, and the room one project takes under it. */
const SEGMENT_HEIGHT = 62;
const PROJECT_ROW = 44;
const GAP = 14;

export function createMap(container: HTMLElement, label: string, lang: Lang): Core {
  // The extensions register themselves when they find the global cytoscape; use() is for when they did not.
  if (!registered) {
    if (!cytoscape('layout', 'dagre')) cytoscape.use(cytoscapeDagre);
    if (!cytoscape('core', 'svg')) cytoscape.use(cytoscapeSvg);
    registered = true;
  }
  container.setAttribute('aria-label', label);
  return cytoscape({
    container,
    style: mapStyle(lang),
    autoungrabify: true,
    boxSelectionEnabled: false,
    minZoom: 0.2,
    maxZoom: 3,
  });
}

const run = (layout: cytoscape.Layouts): Promise<void> =>
  new Promise((resolve) => {
    layout.one('layoutstop', () => resolve());
    layout.run();
  });

/** Replaces what the map shows and lays it out; resolves when it is drawn. */
export async function draw(cy: Core, elements: ElementDefinition[]): Promise<void> {
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elements);
  });
  const flow = cy.elements('node.segment, edge.feeds');
  // dagre places each segment with room below it for its projects: while it lays out, a segment is as
  // tall as the segment and its column of projects together.
  const column = new Map<string, cytoscape.NodeCollection>();
  cy.nodes('node.segment').forEach((segment) => {
    const attached = cy.nodes('node.project').filter((n) => n.data('anchor') === segment.id());
    if (attached.empty()) return;
    column.set(segment.id(), attached);
    segment.style('height', SEGMENT_HEIGHT + GAP + attached.length * PROJECT_ROW);
  });
  await run(
    flow.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 20, rankSep: 46, fit: false } as LayoutOptions),
  );
  const layouts: Promise<void>[] = [];
  cy.nodes('node.segment').forEach((segment) => {
    const attached = column.get(segment.id());
    if (!attached) return;
    segment.removeStyle('height');
    const p = segment.position();
    const top = p.y - (GAP + attached.length * PROJECT_ROW) / 2;
    segment.position({ x: p.x, y: top });
    layouts.push(
      run(
        attached.layout({
          name: 'grid',
          cols: 1,
          fit: false,
          avoidOverlap: true,
          boundingBox: {
            x1: p.x - 60,
            y1: top + SEGMENT_HEIGHT / 2 + GAP,
            w: 120,
            h: attached.length * PROJECT_ROW,
          },
        }),
      ),
    );
  });
  await Promise.all(layouts);
  await layoutOverlays(cy);
  cy.fit(undefined, 12);
}

/** The overlay nodes (and the chain's own node) in a band above the segments. */
export async function layoutOverlays(cy: Core): Promise<void> {
  const nodes = cy.nodes('node.overlay, node.chain');
  if (nodes.empty()) return;
  const flow = cy.nodes('node.segment').boundingBox({});
  const height = Math.max(160, Math.ceil(Math.sqrt(nodes.length)) * 70);
  await run(
    nodes.union(nodes.edgesWith(nodes)).layout({
      name: 'dagre',
      rankDir: 'TB',
      nodeSep: 12,
      rankSep: 40,
      fit: false,
      boundingBox: { x1: flow.x1, y1: flow.y1 - height - 60, w: Math.max(flow.w, 600), h: height },
    } as LayoutOptions),
  );
}

/** The map as a PNG (twice the screen's resolution, on white) or as SVG text. */
export function pngOf(cy: Core): Blob {
  return cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
}

export function svgOf(cy: Core): Blob {
  const svg = (cy as Core & { svg(options: object): string }).svg({ full: true, bg: '#ffffff' });
  return new Blob([svg], { type: 'image/svg+xml' });
}
