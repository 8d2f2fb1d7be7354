/**
 * How the map looks. The status colours are the Okabe-Ito palette, chosen to stay apart under the common
 * colour-vision deficiencies; the status is also written on every segment and its border differs, so
 * colour is never the only cue.
 */
import type { StylesheetJson } from 'cytoscape';
import type { Lang } from './permalink.js';
import type { Status } from './types.js';

export const STATUS_COLOURS: Record<Status, string> = {
  COVERED: '#009E73',
  WEAK: '#E69F00',
  FILLING: '#56B4E9',
  MISSING: '#D55E00',
};

const BORDER: Record<Status, 'solid' | 'dashed' | 'dotted' | 'double'> = {
  COVERED: 'solid',
  WEAK: 'double',
  FILLING: 'dotted',
  MISSING: 'dashed',
};

export const OVERLAY_COLOURS = { party: '#CC0000', talent: '#0072B2', innovation: '#CC79A7' } as const;

/** Chinese names have no spaces to break at, so they wrap anywhere; English wraps between words. */
export function mapStyle(lang: Lang): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'font-family': '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif',
        'text-wrap': 'wrap',
        'text-overflow-wrap': lang === 'zh' ? 'anywhere' : 'whitespace',
        'text-valign': 'center',
        'text-halign': 'center',
        'font-size': 11,
        color: '#111',
      },
    },
    { selector: '[label]', style: { label: 'data(label)' } },
    {
      selector: 'node.segment',
      style: {
        shape: 'round-rectangle',
        width: 160,
        height: 62,
        // Large enough to stay legible when a chain of seven ranks is fitted into a laptop-wide map.
        'font-size': 15,
        'border-width': 3,
        'border-color': '#222',
        'text-max-width': '152px',
      },
    },
    ...(Object.keys(STATUS_COLOURS) as Status[]).map((status) => ({
      selector: `node.segment.${status}`,
      style: { 'background-color': STATUS_COLOURS[status], 'border-style': BORDER[status] },
    })),
    { selector: 'node.segment.master', style: { 'border-width': 5, 'border-color': '#000' } },
    {
      selector: 'node.project',
      style: {
        shape: 'tag',
        width: 120,
        height: 34,
        'font-size': 10,
        'background-color': '#F0E442',
        'border-width': 1,
        'border-color': '#555',
        'text-max-width': '116px',
      },
    },
    { selector: 'node.project.PLANNED', style: { 'background-color': '#eee' } },
    {
      selector: 'node.chain',
      style: { shape: 'hexagon', width: 120, height: 50, 'background-color': '#ddd', 'font-weight': 'bold' },
    },
    {
      selector: 'node.overlay',
      style: {
        shape: 'ellipse',
        width: 110,
        height: 36,
        'font-size': 10,
        'background-color': '#fff',
        'border-width': 2,
        'text-max-width': '104px',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 2,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'line-color': '#777',
        'target-arrow-color': '#777',
        'font-size': 9,
        'text-rotation': 'autorotate',
        'text-background-color': '#fff',
        'text-background-opacity': 0.8,
      },
    },
    { selector: 'edge.feeds', style: { width: 3, 'line-color': '#444', 'target-arrow-color': '#444' } },
    { selector: 'edge.fills', style: { width: 1.5, 'line-color': '#999', 'target-arrow-color': '#999' } },
    { selector: 'edge.inferred', style: { 'line-style': 'dashed' } },
    // After the generic edge rule, which would otherwise paint overlay edges grey.
    ...(Object.entries(OVERLAY_COLOURS) as [string, string][]).flatMap(([overlay, colour]) => [
      { selector: `node.overlay.${overlay}`, style: { 'border-color': colour } },
      { selector: `edge.overlay.${overlay}`, style: { 'line-color': colour, 'target-arrow-color': colour } },
    ]),
    {
      selector: 'edge.overlay',
      style: {
        'text-rotation': 'none',
        'text-wrap': 'wrap',
        'text-max-width': '150px',
        'font-size': 9,
        color: '#333',
      },
    },
    {
      selector: 'node:selected',
      style: { 'overlay-color': '#000', 'overlay-opacity': 0.15, 'border-color': '#000', 'border-width': 6 },
    },
    {
      selector: '.own',
      style: { 'underlay-color': '#0072B2', 'underlay-opacity': 0.5, 'underlay-padding': 8 },
    },
    {
      selector: '.orphaned',
      style: { 'underlay-color': '#D55E00', 'underlay-opacity': 0.6, 'underlay-padding': 10 },
    },
    {
      selector: '.hit',
      style: { 'underlay-color': '#E69F00', 'underlay-opacity': 0.5, 'underlay-padding': 8 },
    },
    // "Changes since": a ring outside the status border, bluish green where a gap closed, vermillion
    // where one opened (Okabe-Ito, like the statuses).
    {
      selector: 'node.segment.diff-closed',
      style: {
        'underlay-color': '#009E73',
        'underlay-opacity': 0.7,
        'underlay-padding': 9,
        'underlay-shape': 'round-rectangle',
      },
    },
    {
      selector: 'node.segment.diff-opened',
      style: {
        'underlay-color': '#D55E00',
        'underlay-opacity': 0.7,
        'underlay-padding': 9,
        'underlay-shape': 'round-rectangle',
      },
    },
    {
      selector: '.upstream, .downstream',
      style: { 'underlay-color': '#56B4E9', 'underlay-opacity': 0.4, 'underlay-padding': 6 },
    },
  ];
}
