// Completing "@Name" while writing a comment: typing "@" and the start of a name offers the people
// who may be mentioned; arrows choose, Enter or Tab inserts the whole name, Esc dismisses.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Author } from '../../shared/model/types.js';

const MAX_SHOWN = 6;
/** Longest "@prefix" looked back for: names are short, and a long run is not a mention. */
const MAX_PREFIX = 40;

export class MentionComplete implements ReactiveController {
  matches: Author[] = [];
  active = 0;
  private query: { start: number; end: number } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly people: () => readonly Author[],
  ) {
    host.addController(this);
  }

  get open(): boolean {
    return this.matches.length > 0;
  }

  hostConnected(): void {}

  /** Call on the field's input events. */
  onInput(field: HTMLTextAreaElement): void {
    this.query = null;
    this.matches = [];
    this.active = 0;
    const caret = field.selectionStart;
    if (caret !== field.selectionEnd) return this.host.requestUpdate();
    const before = field.value.slice(Math.max(0, caret - MAX_PREFIX - 1), caret);
    const match = /(^|[\s([{"'“‘,;:])@([^\s@]*(?: [^\s@]+)?)$/u.exec(before);
    if (match) {
      const prefix = match[2]!.toLocaleLowerCase();
      const start = caret - match[2]!.length - 1;
      this.matches = this.people()
        .filter(
          (p) =>
            p.name.toLocaleLowerCase().startsWith(prefix) ||
            p.name
              .toLocaleLowerCase()
              .split(/\s+/)
              .some((w) => w.startsWith(prefix)),
        )
        .slice(0, MAX_SHOWN);
      if (this.matches.length) this.query = { start, end: caret };
    }
    this.host.requestUpdate();
  }

  /** Call on the field's keydown first; true when the key was the completion's. */
  onKeyDown(event: KeyboardEvent, field: HTMLTextAreaElement): boolean {
    if (!this.open) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : this.matches.length - 1)) % this.matches.length;
    } else if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
      this.insert(field, this.matches[this.active]!);
    } else if (event.key === 'Escape') {
      this.close();
    } else return false;
    event.preventDefault();
    event.stopPropagation();
    this.host.requestUpdate();
    return true;
  }

  insert(field: HTMLTextAreaElement, person: Author): void {
    if (!this.query) return;
    const { start, end } = this.query;
    field.setRangeText(`@${person.name} `, start, end, 'end');
    field.focus();
    this.close();
  }

  close(): void {
    this.query = null;
    this.matches = [];
    this.active = 0;
    this.host.requestUpdate();
  }
}
