// How each highlight group looks. Every annotation has a lane (lanes.ts) and is drawn as a light
// fill plus an underline in its label's colour at its lane's depth: fills of overlapping annotations
// add up, but each keeps its own edge. States drawn on top stay clear of those underlines: the open
// annotation and others' selections are tinted and overlined.

import type { HighlightStyle } from './highlight-painter.js';
import { safeColor } from '../../shared/model/color.js';

/** Lanes drawn; deeper overlaps share the last. Groups are (labels + 3 kinds) × LANES, plus a few. */
export const LANES = 4;

export const NO_LABEL = '#868e96';
const ACCENT = 'var(--_accent, #0969da)';
const FLASH = '#fab005';

export interface LabelColour {
  id: string;
  color: string;
}

export interface PeerColour {
  clientId: number;
  color: string;
}

export interface HighlightStyles {
  styles: Map<string, HighlightStyle>;
  priorities: Map<string, number>;
}

/** What an annotation is painted as, before its lane. */
export type HighlightKind = `l-${string}` | 'none' | 'resolved' | 'pending';

export function laneGroup(kind: HighlightKind, lane: number): string {
  return `${kind}-${lane}`;
}

export function peerGroup(clientId: number): string {
  return `peer-${clientId}`;
}

/** Semi-transparent fill for a colour, so overlapping highlights stay visible. */
export function highlightFill(color: string, strength = 20): string {
  return `color-mix(in srgb, ${color} ${strength}%, transparent)`;
}

/**
 * The underline's distance below the baseline: lane 0 just under the letters, each next lane a
 * fifth of an em lower. Four lanes fit in the leading of a 1.7 line height without touching the
 * next line's letters.
 */
export function laneOffset(lane: number): string {
  return `${(0.08 + 0.2 * lane).toFixed(2)}em`;
}

/** Colours come from shared documents and peers: anything but #rrggbb is not put in a style sheet. */
export function safeColour(color: unknown, fallback = NO_LABEL): string {
  return safeColor(color, fallback);
}

export function highlightStyles(labels: readonly LabelColour[], peers: readonly PeerColour[]): HighlightStyles {
  const styles = new Map<string, HighlightStyle>();
  const priorities = new Map<string, number>();
  const lanes = (kind: HighlightKind, priority: number, style: (offset: string) => HighlightStyle) => {
    for (let lane = 0; lane < LANES; lane++) {
      styles.set(laneGroup(kind, lane), style(laneOffset(lane)));
      if (priority) priorities.set(laneGroup(kind, lane), priority);
    }
  };
  const labelled = (color: string) => (offset: string) => ({
    background: highlightFill(color),
    decoration: `underline solid ${color} 2px`,
    underlineOffset: offset,
  });
  for (const label of labels) lanes(`l-${label.id}`, 0, labelled(safeColour(label.color)));
  lanes('none', 0, labelled(NO_LABEL));
  lanes('resolved', 0, (offset) => ({ background: highlightFill(NO_LABEL, 12), decoration: `underline dotted ${NO_LABEL} 2px`, underlineOffset: offset }));
  lanes('pending', 4, (offset) => ({ background: highlightFill(ACCENT, 12), decoration: `underline dashed ${ACCENT} 2px`, underlineOffset: offset }));
  // Over its label's underline, which stays: the open annotation is tinted and edged above the letters.
  styles.set('active', { background: highlightFill(ACCENT, 20), decoration: `overline solid ${ACCENT} 2px` });
  priorities.set('active', 10);
  styles.set('flash', { background: highlightFill(FLASH, 70) });
  priorities.set('flash', 11);
  for (const peer of peers) {
    const color = safeColour(peer.color, '#888888');
    styles.set(peerGroup(peer.clientId), { background: highlightFill(color, 28), decoration: `overline dotted ${color} 2px` });
    priorities.set(peerGroup(peer.clientId), 5);
  }
  return { styles, priorities };
}
