// The look of Glossa's modal dialogs (native <dialog> opened with showModal: the page behind is
// inert, Esc cancels), shared by the confirmation and share dialogs.

import { css } from 'lit';

export const dialogStyles = css`
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1rem 1.1rem;
    width: min(30rem, calc(100vw - 2rem));
    max-height: calc(100dvh - 2rem);
    box-sizing: border-box;
    color: var(--_fg);
    background: var(--_bg);
    box-shadow: 0 12px 32px rgba(0, 0, 0, 0.2);
  }
  dialog::backdrop {
    background: rgba(0, 0, 0, 0.3);
  }
  h2 {
    font-size: 1.1rem;
    margin: 0 0 0.6rem;
    overflow-wrap: anywhere;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
    margin-top: 1rem;
  }
  button.destructive {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }
  .error {
    color: var(--_danger);
  }
`;
