// People as small coloured initials (the list's "who was active" column), named for screen
// readers and in a tooltip.

import { css, html } from 'lit';
import type { Author } from '../../shared/model/types.js';
import { safeColor } from '../../shared/model/color.js';
import { cssProperties } from './css-properties.js';

/** One or two letters for a name: the first letters of its first and last words. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = Array.from(words[0] ?? '?')[0] ?? '?';
  const last = words.length > 1 ? (Array.from(words.at(-1)!)[0] ?? '') : '';
  return (first + last).toLocaleUpperCase();
}

/** Authors come from the document, which an editor's raw Yjs client may have written anything into. */

export const avatarStyles = css`
  .avatars {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .avatar {
    display: inline-grid;
    place-items: center;
    width: 1.7rem;
    height: 1.7rem;
    border-radius: 50%;
    font-size: 0.72rem;
    font-weight: 600;
    color: #fff;
    background: var(--person-color, #888);
    /* Light colours keep the initials readable. */
    text-shadow: 0 0 2px rgba(0, 0, 0, 0.55);
  }
`;

export function renderAvatars(people: readonly Author[], label: string) {
  if (people.length === 0) return html`<span class="muted">–</span>`;
  return html`<ul class="avatars" aria-label=${label}>
    ${people.map(
      (person) =>
        html`<li title=${person.name}>
          <span class="avatar" style=${cssProperties({ '--person-color': safeColor(person.color) })} aria-hidden="true">${initials(person.name)}</span>
          <span class="visually-hidden">${person.name}</span>
        </li>`,
    )}
  </ul>`;
}
