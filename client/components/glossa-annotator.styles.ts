// The annotator's layout: toolbar, text and panel side by side, the panel a sheet on narrow
// screens, and the floating parts (chooser, the move banner).

import { css } from 'lit';

export const annotatorStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: var(--glossa-height, 100%);
    min-height: 20rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    background: var(--_bg);
    position: relative;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    padding: 0.45rem 0.75rem;
    border-bottom: 1px solid var(--_border);
    background: var(--_panel);
  }
  .counts {
    font-size: 0.85rem;
    font-weight: 600;
  }
  .tool {
    font-size: 0.85rem;
    padding: 0.15rem 0.6rem;
  }
  header > glossa-presence-bar {
    margin-left: auto;
  }
  header > glossa-presence-bar[not-saved] {
    flex-basis: 100%;
  }
  .body {
    flex: 1;
    display: grid;
    grid-template-columns: minmax(0, 1fr) var(--glossa-panel-width, 22rem);
    min-height: 0;
  }
  glossa-text-view {
    min-height: 0;
  }
  aside {
    border-left: 1px solid var(--_border);
    background: var(--_panel);
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
  aside > * {
    flex: 1;
  }
  .notice {
    padding: 2rem;
  }
  .moving {
    position: absolute;
    top: 3rem;
    left: 50%;
    transform: translateX(-50%);
    z-index: 12;
    background: var(--_fg);
    color: var(--_bg);
    border-radius: var(--_radius);
    padding: 0.45rem 0.75rem;
    max-width: calc(100% - 2rem);
  }
  .moving button,
  .editing button {
    margin-left: 0.5rem;
  }
  .past-banner button {
    color: var(--_fg);
    background: var(--_bg);
  }
  /* A strip under the toolbar, not over the text being edited. */
  .editing {
    padding: 0.4rem 0.75rem;
    border-bottom: 1px solid var(--_border);
    background: var(--_fg);
    color: var(--_bg);
    font-size: 0.9rem;
  }
  /* The past is read-only: set apart from the live text at a glance. */
  glossa-text-view.past {
    background: var(--_panel);
    outline: 2px dashed var(--_border);
    outline-offset: -2px;
  }
  .chooser {
    position: fixed;
    z-index: 15;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 8px 24px rgba(0, 0, 0, 0.15);
    display: grid;
    padding: 0.3rem;
    gap: 0.2rem;
  }
  .sheet-handle {
    display: none;
  }
  /* Narrow screens: the panel is a sheet over the bottom of the text, a handle when closed. */
  @media (max-width: 760px) {
    .body {
      grid-template-columns: 1fr;
      grid-template-rows: minmax(0, 1fr) auto;
    }
    .body.sheet-open {
      grid-template-rows: minmax(0, 35%) minmax(0, 65%);
    }
    aside {
      border-left: none;
      border-top: 1px solid var(--_border);
      box-shadow: 0 -4px 14px rgba(0, 0, 0, 0.08);
    }
    .body:not(.sheet-open) aside > :not(.sheet-handle) {
      display: none;
    }
    .sheet-handle {
      display: flex;
      flex: 0 0 auto;
      align-items: center;
      justify-content: center;
      gap: 0.5rem;
      min-height: 2.75rem;
      border: none;
      border-radius: 0;
      background: var(--_panel);
      font-weight: 600;
    }
  }
`;
