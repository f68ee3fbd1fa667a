// <glossa-label-manager>: the document's labels in a dialog. Each can be renamed, recoloured and
// described in place, or archived (it stays on its annotations, shown and filterable, but is no
// longer offered) and restored; new labels are added at the foot. Every change is a command sent
// through `write`, the host's sender; the list shows the labels the host passes, so it changes
// when the server's change arrives, for everyone at once.
//
//   manager.labels = session.labels; manager.counts = countLabels(annotations); manager.write = send; manager.open();

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { CommandInput } from '../../shared/model/commands.js';
import type { AnnotationView, Label } from '../../shared/model/types.js';
import { deepActiveElement } from '../focus/deep-focus.js';
import { newId } from '../sync/new-id.js';
import { dialogStyles } from './dialog-styles.js';
import type { GlossaLabelForm, LabelDraft } from './glossa-label-form.js';
import './glossa-label-form.js';
import { colourName, unusedColour } from './label-palette.js';
import { theme } from './theme.js';
import { safeColor } from '../../shared/model/color.js';
import { cssProperties } from './css-properties.js';

/** How many annotations carry each label: what a host passes as `counts`. */
export function countLabels(annotations: readonly AnnotationView[]): Map<string, number> {
  const counts = new Map<string, number>();
  // A label added twice by concurrent changes is still one use.
  for (const a of annotations) for (const id of new Set(a.labels)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

function usage(count: number): string {
  return count === 0 ? 'not used yet' : `${count} ${count === 1 ? 'annotation' : 'annotations'}`;
}

@customElement('glossa-label-manager')
export class GlossaLabelManager extends LitElement {
  static override styles = [
    theme,
    dialogStyles,
    css`
      dialog {
        width: min(36rem, calc(100vw - 2rem));
        padding: 0;
        overflow: auto;
      }
      header {
        position: sticky;
        top: 0;
        z-index: 1;
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        padding: 0.75rem 1rem;
        background: var(--_bg);
        border-bottom: 1px solid var(--_border);
      }
      h2 {
        margin: 0;
      }
      h3 {
        font-size: 0.95rem;
        margin: 1.1rem 0 0.5rem;
      }
      .content {
        padding: 0.75rem 1rem 1rem;
      }
      .intro {
        margin: 0 0 0.75rem;
        font-size: 0.9rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.4rem;
      }
      li {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        gap: 0.6rem;
        align-items: center;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.5rem 0.6rem;
      }
      li.editing {
        display: block;
        border-color: var(--_accent);
      }
      li.archived .about {
        opacity: 0.75;
      }
      .swatch {
        width: 1.1rem;
        height: 1.1rem;
        border-radius: 50%;
        background: var(--swatch);
        box-shadow: 0 0 0 1px var(--_border);
      }
      .about {
        display: grid;
        gap: 0.1rem;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .name {
        font-weight: 600;
      }
      .badge {
        font-size: 0.75rem;
        font-weight: normal;
        border: 1px dashed var(--_muted);
        border-radius: 999px;
        padding: 0 0.4rem;
        margin-left: 0.3rem;
      }
      .description,
      .count {
        font-size: 0.85rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        justify-content: flex-end;
      }
      /* A phone: the dialog is a full-screen sheet, each label's buttons go under its name. */
      @media (max-width: 480px) {
        dialog {
          width: 100vw;
          max-width: 100vw;
          height: 100dvh;
          max-height: 100dvh;
          margin: 0;
          border: 0;
          border-radius: 0;
        }
        li {
          grid-template-columns: auto minmax(0, 1fr);
        }
        .actions {
          grid-column: 1 / -1;
          justify-content: flex-start;
        }
        .actions button {
          min-height: 2.5rem;
          flex: 1;
        }
      }
    `,
  ];

  /** Every label of the document, archived ones included, in the document's order. */
  @property({ attribute: false }) labels: Label[] = [];
  /** How many annotations carry each label (by id); a label missing from it has none. */
  @property({ attribute: false }) counts: ReadonlyMap<string, number> = new Map();
  /** Sends a command as this person; resolves false when nothing was sent (they declined to give a name). */
  @property({ attribute: false }) write: (command: CommandInput) => Promise<boolean> = async () => false;
  /** False for someone who may not change labels (a commenter or viewer): the list is shown without controls. */
  @property({ attribute: false }) editable = true;
  @state() private editing: string | null = null;
  /** What the edit form started from: kept, so a change arriving meanwhile does not wipe what is typed. */
  @state() private editingFrom: LabelDraft | null = null;
  /** What the new-label form starts from (a colour no live label has yet). */
  @state() private newFrom: LabelDraft = this.freshDraft();
  /** What is being sent: a label's id, or 'new'. */
  @state() private busy: string | null = null;
  /** Said to screen readers (and shown) after each change. */
  @state() private status = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('glossa-label-form.new') private newForm!: GlossaLabelForm | null;
  private opener: HTMLElement | null = null;

  /** Opens the dialog; focus goes back to `opener` (by default, what has focus now) when it closes. */
  async open(opener: HTMLElement | null = deepActiveElement()): Promise<void> {
    this.opener = opener;
    this.status = '';
    this.editing = null;
    this.newFrom = this.freshDraft();
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  close(): void {
    if (this.dialog.open) this.dialog.close();
  }

  private onClosed(): void {
    this.editing = null;
    if (this.opener?.isConnected) this.opener.focus();
    this.opener = null;
    this.dispatchEvent(new Event('close'));
  }

  override render() {
    return html`<dialog
      aria-labelledby="label-manager-title"
      @close=${this.onClosed}
      @keydown=${(e: KeyboardEvent) => {
        // A modal's keys are its own: the annotator around it must not move on j/k or close on Esc too
        // (the dialog closes on Esc by itself).
        e.stopPropagation();
      }}
    >
      <header>
        <h2 id="label-manager-title">Labels</h2>
        <button type="button" aria-label="Close" @click=${() => this.close()}>✕</button>
      </header>
      <div class="content">
        <p class="intro muted">
          ${
            this.editable
              ? 'Archived labels stay on their annotations and in the filters, but are not offered for labelling.'
              : 'Only editors and owners change labels.'
          }
        </p>
        <ul aria-label="Labels of this document">
          ${this.labels.map((label) => this.renderLabel(label))}
        </ul>
        ${
          this.editable
            ? html`<section aria-labelledby="new-label-title">
                <h3 id="new-label-title">New label</h3>
                <glossa-label-form
                  class="new"
                  submitText="Add label"
                  .labels=${this.labels}
                  .value=${this.newFrom}
                  ?busy=${this.busy === 'new'}
                  @label-submit=${(e: CustomEvent<LabelDraft>) => void this.create(e.detail)}
                ></glossa-label-form>
              </section>`
            : nothing
        }
        <p class="visually-hidden" role="status">${this.status}</p>
      </div>
    </dialog>`;
  }

  private renderLabel(label: Label) {
    if (this.editing === label.id) {
      return html`<li class="editing">
        <div role="group" aria-label=${`Edit label ${label.name}`}>
          <glossa-label-form
            submitText="Save"
            cancellable
            .labels=${this.labels}
            .labelId=${label.id}
            .value=${this.editingFrom}
            ?busy=${this.busy === label.id}
            @label-submit=${(e: CustomEvent<LabelDraft>) => void this.save(label, e.detail)}
            @cancel=${() => void this.stopEditing(label.id)}
          ></glossa-label-form>
        </div>
      </li>`;
    }
    const hidden = html`<span class="visually-hidden"> ${label.name}</span>`;
    return html`<li class=${label.archived ? 'archived' : ''} data-label=${label.id}>
      <span class="swatch" style=${cssProperties({ '--swatch': safeColor(label.color) })} role="img" aria-label=${`Colour: ${colourName(label.color)}`}></span>
      <div class="about">
        <span><span class="name">${label.name}</span>${label.archived ? html`<span class="badge">Archived</span>` : nothing}</span>
        ${label.description ? html`<span class="muted description">${label.description}</span>` : nothing}
        <span class="muted count">${usage(this.counts.get(label.id) ?? 0)}</span>
      </div>
      ${
        this.editable
          ? html`<div class="actions">
              <button type="button" data-edit=${label.id} @click=${() => void this.startEditing(label.id)}>Edit${hidden}</button>
              <button type="button" data-archive=${label.id} @click=${() => void this.setArchived(label, !label.archived)}>
                ${label.archived ? 'Restore' : 'Archive'}${hidden}
              </button>
            </div>`
          : nothing
      }
    </li>`;
  }

  private freshDraft(extraColour?: string): LabelDraft {
    const used = this.labels.filter((l) => !l.archived).map((l) => l.color);
    return { name: '', color: unusedColour(extraColour ? [...used, extraColour] : used), description: '' };
  }

  private async startEditing(id: string): Promise<void> {
    const label = this.labels.find((l) => l.id === id);
    if (!label) return;
    this.editingFrom = { name: label.name, color: label.color, description: label.description };
    this.editing = id;
    await this.updateComplete;
    this.shadowRoot!.querySelector<GlossaLabelForm>('li.editing glossa-label-form')?.focusName();
  }

  /** Back to the label's row, focus on its Edit button (where the person started). */
  private async stopEditing(id: string): Promise<void> {
    this.editing = null;
    await this.updateComplete;
    this.shadowRoot!.querySelector<HTMLElement>(`button[data-edit="${id}"]`)?.focus();
  }

  private async send(busy: string, command: CommandInput): Promise<boolean> {
    this.busy = busy;
    try {
      return await this.write(command);
    } finally {
      this.busy = null;
    }
  }

  private async save(label: Label, draft: LabelDraft): Promise<void> {
    // Only what changed is sent, so an edit made meanwhile by someone else to another field stays.
    const changes: Partial<LabelDraft> = {};
    if (draft.name !== label.name) changes.name = draft.name;
    if (draft.color !== label.color.toLowerCase()) changes.color = draft.color;
    if (draft.description !== label.description) changes.description = draft.description;
    if (Object.keys(changes).length > 0) {
      if (!(await this.send(label.id, { type: 'label.edit', labelId: label.id, ...changes }))) return;
      this.status = `Saved “${draft.name}”.`;
    }
    await this.stopEditing(label.id);
  }

  private async create(draft: LabelDraft): Promise<void> {
    // The id is made here so that a retried request names the same label (the server answers it).
    if (!(await this.send('new', { type: 'label.create', id: newId(), ...draft }))) return;
    this.status = `Added “${draft.name}”.`;
    this.newFrom = this.freshDraft(draft.color);
    // The same draft object twice (nothing changed) would not reset the fields: reset says so.
    this.newForm?.reset(this.newFrom);
    this.newForm?.focusName();
  }

  private async setArchived(label: Label, archived: boolean): Promise<void> {
    if (!(await this.send(label.id, { type: 'label.edit', labelId: label.id, archived }))) return;
    const count = this.counts.get(label.id) ?? 0;
    this.status = archived
      ? `Archived “${label.name}”${count ? `: it stays on its ${usage(count)}` : ''}, and is no longer offered.`
      : `Restored “${label.name}”.`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-label-manager': GlossaLabelManager;
  }
}
