// The colours offered for labels. Each has at least 3:1 contrast against white (WCAG's figure for
// graphics), so a chip's border and a label's swatch stay visible; the hues are far enough apart to
// tell labels apart, and each has a name for people who do not see the colour.

export interface PaletteColour {
  name: string;
  color: string;
}

export const LABEL_PALETTE: readonly PaletteColour[] = [
  { name: 'Orange', color: '#e8590c' },
  { name: 'Green', color: '#2f9e44' },
  { name: 'Blue', color: '#1c7ed6' },
  { name: 'Violet', color: '#7048e8' },
  { name: 'Teal', color: '#0c8599' },
  { name: 'Red', color: '#e03131' },
  { name: 'Pink', color: '#c2255c' },
  { name: 'Purple', color: '#ae3ec9' },
  { name: 'Ochre', color: '#9c6500' },
  { name: 'Grey', color: '#495057' },
];

/** The first palette colour no label in `used` has yet (the first one once all are taken). */
export function unusedColour(used: readonly string[]): string {
  const taken = new Set(used.map((c) => c.toLowerCase()));
  return (LABEL_PALETTE.find((p) => !taken.has(p.color)) ?? LABEL_PALETTE[0]!).color;
}

/** The palette's name for a colour, or the colour itself. */
export function colourName(color: string): string {
  return LABEL_PALETTE.find((p) => p.color === color.toLowerCase())?.name ?? color.toLowerCase();
}
