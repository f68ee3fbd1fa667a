// Design tokens shared by the components. Hosts theme them with these custom properties.

import { css } from 'lit';

export const theme = css`
  :host {
    --_font: var(--glossa-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_text-font: var(--glossa-text-font-family, Charter, 'Iowan Old Style', Georgia, serif);
    --_bg: var(--glossa-background, #ffffff);
    --_fg: var(--glossa-foreground, #1f2328);
    /* 5.1:1 on the selected list entry (accent 12% over the panel), 6:1 on the panel, 6.4:1 on white. */
    --_muted: var(--glossa-muted, #57606a);
    --_border: var(--glossa-border, #d0d7de);
    --_panel: var(--glossa-panel-background, #f6f8fa);
    --_accent: var(--glossa-accent, #0969da);
    --_danger: var(--glossa-danger, #cf222e);
    --_radius: var(--glossa-radius, 6px);
    --_focus: 0 0 0 3px color-mix(in srgb, var(--_accent) 40%, transparent);
    font-family: var(--_font);
    color: var(--_fg);
  }
  button {
    font: inherit;
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: inherit;
    border-radius: var(--_radius);
    padding: 0.25rem 0.6rem;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #fff;
  }
  button.danger {
    color: var(--_danger);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.3rem 0.45rem;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    border-radius: 999px;
    padding: 0 0.5rem;
    font-size: 0.8rem;
    line-height: 1.4rem;
    border: 1px solid color-mix(in srgb, var(--chip-color, #888) 60%, transparent);
    background: color-mix(in srgb, var(--chip-color, #888) 18%, transparent);
  }
  .muted {
    color: var(--_muted);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
