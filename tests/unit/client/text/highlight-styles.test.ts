// Highlight styles: one group per label and lane, each underlined at its lane's depth, a bounded
// number of groups, and no colour from a shared document reaching the style sheet unchecked.

import { describe, expect, it } from 'vitest';
import { LANES, highlightStyles, laneGroup, laneOffset } from '../../../../client/text/highlight-styles.js';

const labels = [
  { id: 'organisation', color: '#7048e8' },
  { id: 'person', color: '#1c7ed6' },
];

describe('highlight styles', () => {
  it('underlines each lane of a label in its colour, each lane deeper than the one before', () => {
    const { styles } = highlightStyles(labels, []);
    const offsets = Array.from({ length: LANES }, (_, lane) => styles.get(laneGroup('l-person', lane))!);
    for (const style of offsets) expect(style.decoration).toContain('#1c7ed6');
    const depths = offsets.map((s) => parseFloat(s.underlineOffset!));
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    expect(new Set(depths).size).toBe(LANES);
    // The deepest lane stays within the leading of a 1.7 line height (0.7 em below the baseline).
    expect(parseFloat(laneOffset(LANES - 1))).toBeLessThanOrEqual(0.7);
  });

  it('keeps the number of groups bounded by labels × lanes, plus the open one, the flash and each peer', () => {
    const { styles, priorities } = highlightStyles(labels, [{ clientId: 7, color: '#c2255c' }]);
    expect(styles.size).toBe((labels.length + 3) * LANES + 3);
    expect(styles.get('peer-7')!.decoration).toMatch(/^overline/);
    expect(styles.get('active')!.decoration).toMatch(/^overline/);
    expect(priorities.get('active')).toBeGreaterThan(priorities.get('peer-7')!);
  });

  it('puts only #rrggbb colours in the style sheet', () => {
    const { styles } = highlightStyles([{ id: 'x', color: 'red; } body { display: none' }], [{ clientId: 1, color: 'url(x)' }]);
    const css = JSON.stringify([...styles.values()]);
    expect(css).not.toContain('display');
    expect(css).not.toContain('url(');
  });
});
