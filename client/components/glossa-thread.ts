// One annotation's thread: its quote and labels, the discussion, and what can be done to it.
// Every action is sent as a command; the thread re-renders when the server's change arrives.

import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { newId } from '../sync/new-id.js';
import type { PendingComment } from '../sync/pending-views.js';
import type { CommandInput, CommandType } from '../../shared/model/commands.js';
import type { AnchoredBy, AnnotationView, Author, Label, Role } from '../../shared/model/types.js';
import { offers } from '../controllers/document-access.js';
import { MentionComplete } from '../controllers/mention-complete.js';
import type { Identity } from '../../shared/protocol/identity.js';
import { relativeTime } from './format.js';
import type { GlossaLabelPicker } from './glossa-label-picker.js';
import './glossa-label-picker.js';
import './glossa-markdown.js';
import { theme } from './theme.js';
import { cssProperties } from './css-properties.js';

/** How an imported annotation found its place, as the thread tells it. */
const ANCHORED: Record<AnchoredBy, string> = {
  position: 'found at its place',
  quote: 'found by its quote',
  fuzzy: 'placed by an approximate match of its quote: check it',
  detached: 'its quote is not in this text',
};

/** Who highlighted it and when; for an imported one, who brought it in, who made it, and how it was placed. */
function provenance(a: AnnotationView): string {
  if (!a.origin) return `Highlighted by ${a.author.name}, ${relativeTime(a.createdAt)}`;
  const madeBy = a.origin.creator ? `made by ${a.origin.creator}${a.origin.created ? `, ${relativeTime(a.origin.created)}` : ''}` : '';
  return [`Imported by ${a.author.name}, ${relativeTime(a.createdAt)}`, madeBy, ANCHORED[a.origin.anchoredBy]].filter(Boolean).join(' · ');
}

@customElement('glossa-thread')
export class GlossaThread extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
        padding: 0.75rem;
        overflow: auto;
        min-height: 0;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
      }
      h2 {
        font-size: 1rem;
        margin: 0;
      }
      blockquote {
        margin: 0;
        padding: 0.4rem 0.6rem;
        border-left: 3px solid var(--_accent);
        background: var(--_bg);
        font-family: var(--_text-font);
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.6rem;
      }
      ol > li {
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.5rem 0.6rem;
      }
      .byline {
        font-size: 0.8rem;
        display: flex;
        gap: 0.4rem;
        align-items: center;
        margin-bottom: 0.25rem;
      }
      .small {
        font-size: 0.8rem;
      }
      .dot {
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        background: var(--dot);
        display: inline-block;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
        min-height: 3.5rem;
        resize: vertical;
      }
      .reply {
        position: relative;
      }
      [role='listbox'] {
        position: absolute;
        left: 0;
        top: 100%;
        z-index: 5;
        margin: 0.2rem 0 0;
        padding: 0.2rem;
        list-style: none;
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        box-shadow: 0 6px 18px rgba(0, 0, 0, 0.14);
        min-width: 12rem;
      }
      [role='option'] {
        display: flex;
        align-items: center;
        gap: 0.4rem;
        padding: 0.3rem 0.5rem;
        border-radius: var(--_radius);
        cursor: pointer;
      }
      [role='option'][aria-selected='true'] {
        background: color-mix(in srgb, var(--_accent) 14%, transparent);
      }
      .confirm {
        border: 1px solid var(--_danger);
        border-radius: var(--_radius);
        padding: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) annotation!: AnnotationView;
  /** The text the annotation covers now: differs from its quote once its words were edited. */
  @property({ attribute: false }) covers = '';
  @property({ attribute: false }) labels: Label[] = [];
  /** The person reading; null until they have a name (then nothing is theirs to edit). */
  @property({ attribute: false }) me: Identity | null = null;
  @property({ attribute: false }) pendingComments: PendingComment[] = [];
  /** The server cannot store changes now: pending comments say they are not saved, not that they are sending. */
  @property({ type: Boolean }) storeFailing = false;
  /** Everyone who may be mentioned ("@Name"). */
  @property({ attribute: false }) people: readonly Author[] = [];
  /** The reader's role on the document; null while unknown (everything is offered; the server decides). */
  @property({ attribute: false }) myRole: Role | null = null;
  /** Sends a command as this person; resolves false when nothing was sent (they declined to give a name). */
  @property({ attribute: false }) write: (command: CommandInput) => Promise<boolean> = async () => false;
  @state() private editing: string | null = null;
  @query('glossa-label-picker') private picker!: GlossaLabelPicker | null;
  private readonly mentions = new MentionComplete(this, () => this.people.filter((p) => p.id !== this.me?.id));
  @state() private confirmingDelete = false;

  override render() {
    const a = this.annotation;
    return html`
      <header>
        <h2 id="thread-title" tabindex="-1">${a.status === 'resolved' ? 'Resolved thread' : 'Thread'}</h2>
        <button type="button" aria-label="Close thread" @click=${() => this.emit('close')}>✕</button>
      </header>
      <blockquote aria-labelledby="thread-title">
        ${a.detached ? html`<strong>Detached:</strong> the annotated text was deleted. It read: ` : null}“${a.quote}”
      </blockquote>
      ${!a.detached && this.covers !== a.quote ? html`<p class="small"><strong>Text edited.</strong> It now reads: “${this.covers}”</p>` : null}
      <div class="muted small">${provenance(a)}</div>
      ${
        this.can('annotation.setLabels', a.author.id)
          ? html`<glossa-label-picker
              aria-label="Labels"
              .labels=${this.labels}
              .selected=${a.labels}
              @labels-change=${(e: CustomEvent<string[]>) => void this.send({ type: 'annotation.setLabels', annotationId: a.id, labels: e.detail })}
            ></glossa-label-picker>`
          : html`<div class="row" aria-label="Labels">
              ${a.labels.map((id) => {
                const label = this.labels.find((l) => l.id === id);
                return html`<span class="chip" style=${cssProperties({ '--chip-color': label?.color ?? '#888' })}
                  >${label?.name ?? id}${label?.archived ? ' (archived)' : ''}</span
                >`;
              })}
            </div>`
      }
      <ol aria-label="Comments">
        ${a.comments.map((c) =>
          c.deleted
            ? html`<li class="muted">
                <em>Comment deleted</em>
                ${
                  // Its author (or an editor) may bring it back at any time, not only while the Undo toast shows.
                  this.can('comment.restore', c.author.id)
                    ? html`<button
                        type="button"
                        aria-label="Restore comment"
                        @click=${() => void this.send({ type: 'comment.restore', annotationId: a.id, commentId: c.id })}
                      >
                        Restore
                      </button>`
                    : null
                }
              </li>`
            : html`<li data-comment=${c.id}>
                <div class="byline">
                  <span class="dot" style=${cssProperties({ '--dot': c.author.color })}></span><strong>${c.origin?.creator ?? c.author.name}</strong>
                  <span class="muted"
                    >${c.origin ? `imported by ${c.author.name} · ` : ''}${relativeTime(c.origin?.created ?? c.createdAt)}${c.editedAt ? ' · edited' : ''}</span
                  >
                </div>
                ${
                  this.editing === c.id
                    ? html`<textarea aria-label="Edit comment" .value=${c.body} @keydown=${(e: KeyboardEvent) => this.onEditKey(e, c.id)}></textarea>
                        <div class="row">
                          <button type="button" class="primary" @click=${() => this.saveEdit(c.id)}>Save</button>
                          <button type="button" @click=${() => (this.editing = null)}>Cancel</button>
                        </div>`
                    : html`<glossa-markdown .source=${c.body} .people=${this.people} .me=${this.me}></glossa-markdown> ${
                          this.can('comment.delete', c.author.id)
                            ? html`<div class="row">
                                ${
                                  c.author.id === this.me?.id
                                    ? html`<button type="button" aria-label="Edit comment" @click=${() => (this.editing = c.id)}>Edit</button>`
                                    : null
                                }
                                <button type="button" class="danger" aria-label="Delete comment" @click=${() => void this.deleteComment(c.id)}>Delete</button>
                              </div>`
                            : null
                        }`
                }
              </li>`,
        )}
        ${this.pendingComments.map(
          (p) =>
            html`<li class="muted" data-pending=${p.id}>
              <div class="byline"><strong>${this.me?.name}</strong> <span>${this.storeFailing ? 'not saved yet' : 'sending…'}</span></div>
              <glossa-markdown .source=${p.body} .people=${this.people} .me=${this.me}></glossa-markdown>
            </li>`,
        )}
      </ol>
      ${
        this.can('comment.add')
          ? html`<label class="visually-hidden" for="reply">Reply (Markdown)</label>
              <div class="reply">
                <textarea
                  id="reply"
                  placeholder="Reply… (Markdown; @ to mention; Ctrl+Enter to send)"
                  aria-autocomplete="list"
                  aria-controls=${ifDefined(this.mentions.open ? 'mentions' : undefined)}
                  aria-activedescendant=${ifDefined(this.mentions.open ? `mention-${this.mentions.active}` : undefined)}
                  @keydown=${this.onReplyKey}
                  @input=${(e: Event) => this.mentions.onInput(e.target as HTMLTextAreaElement)}
                  @blur=${() => this.mentions.close()}
                ></textarea>
                ${
                  this.mentions.open
                    ? html`<ul id="mentions" role="listbox" aria-label="People to mention">
                        ${this.mentions.matches.map(
                          (p, i) =>
                            html`<li
                              id="mention-${i}"
                              role="option"
                              aria-selected=${i === this.mentions.active ? 'true' : 'false'}
                              @mousedown=${(e: Event) => {
                                // Keeps focus (and the caret) in the box while the name is inserted.
                                e.preventDefault();
                                this.mentions.insert(this.replyBox()!, p);
                              }}
                            >
                              <span class="dot" style=${cssProperties({ '--dot': p.color })}></span> ${p.name}
                            </li>`,
                        )}
                      </ul>`
                    : null
                }
              </div>`
          : html`<p class="muted">You can read this thread; replying needs comment rights.</p>`
      }
      <div class="row">
        ${this.can('comment.add') ? html`<button type="button" class="primary" @click=${() => void this.reply()}>Reply</button>` : null}
        ${
          this.can('annotation.resolve')
            ? a.status === 'open'
              ? html`<button type="button" @click=${() => void this.send({ type: 'annotation.resolve', annotationId: a.id })}>Resolve</button>`
              : html`<button type="button" @click=${() => void this.send({ type: 'annotation.reopen', annotationId: a.id })}>Reopen</button>`
            : null
        }
        ${
          this.can('annotation.setRange', a.author.id)
            ? html`<button type="button" @click=${() => this.emit('move-highlight', a.id)}>${a.detached ? 'Re-attach to a passage' : 'Move highlight'}</button>`
            : null
        }
        ${
          this.can('annotation.delete', a.author.id)
            ? html`<button type="button" class="danger" id="delete-annotation" @click=${() => void this.confirmDelete(true)}>Delete annotation</button>`
            : null
        }
      </div>
      ${
        this.confirmingDelete
          ? html`<div class="confirm" role="alertdialog" aria-label="Confirm deletion">
              <p>Delete this annotation and its ${a.comments.filter((c) => !c.deleted).length} comments for everyone?</p>
              <div class="row">
                <button type="button" class="danger" @click=${() => void this.send({ type: 'annotation.delete', annotationId: a.id })}>Delete</button>
                <button type="button" id="keep" @click=${() => void this.confirmDelete(false)}>Keep it</button>
              </div>
            </div>`
          : null
      }
    `;
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('annotation') && (changed.get('annotation') as AnnotationView | undefined)?.id !== this.annotation.id) {
      this.confirmingDelete = false;
      this.editing = null;
    }
  }

  private can(type: CommandType, ownerId?: string): boolean {
    return offers(this.myRole, this.me?.id, type, ownerId);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onShortcut);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onShortcut);
  }

  // Number keys label the annotation from anywhere in the thread, not only from the picker.
  private readonly onShortcut = (event: KeyboardEvent): void => void this.picker?.handleShortcut(event);

  /** Asking moves focus to the safe answer; keeping it hands focus back to the button that asked. */
  private async confirmDelete(asking: boolean): Promise<void> {
    this.confirmingDelete = asking;
    await this.updateComplete;
    this.shadowRoot!.querySelector<HTMLElement>(asking ? '#keep' : '#delete-annotation')?.focus();
  }

  /** Focuses the thread's heading, so it is announced and Tab continues into the thread. */
  override focus(): void {
    void this.updateComplete.then(() => this.heading()?.focus());
  }

  private heading(): HTMLElement | null {
    return this.shadowRoot!.querySelector<HTMLElement>('h2');
  }

  private emit(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private async send(command: CommandInput): Promise<boolean> {
    const sent = await this.write(command);
    if (command.type === 'annotation.delete') this.confirmingDelete = false;
    return sent;
  }

  private async deleteComment(commentId: string): Promise<void> {
    // The button goes with the comment; focus stays in the thread instead of falling to the page.
    if (await this.send({ type: 'comment.delete', annotationId: this.annotation.id, commentId })) this.heading()?.focus();
  }

  private reply = async (): Promise<void> => {
    const box = this.shadowRoot!.querySelector<HTMLTextAreaElement>('#reply')!;
    const body = box.value.trim();
    if (!body) return;
    // Cleared only once sent: declining to give a name keeps the draft.
    if (await this.send({ type: 'comment.add', annotationId: this.annotation.id, id: newId(), body })) box.value = '';
  };

  private replyBox(): HTMLTextAreaElement | null {
    return this.shadowRoot!.querySelector<HTMLTextAreaElement>('#reply');
  }

  private onReplyKey = (event: KeyboardEvent): void => {
    if (this.mentions.onKeyDown(event, event.target as HTMLTextAreaElement)) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void this.reply();
  };

  private onEditKey(event: KeyboardEvent, commentId: string): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) this.saveEdit(commentId);
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.editing = null;
    }
  }

  private saveEdit(commentId: string): void {
    const box = this.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea[aria-label="Edit comment"]');
    const body = box?.value.trim();
    if (!body) return;
    void this.send({ type: 'comment.edit', annotationId: this.annotation.id, commentId, body });
    this.editing = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-thread': GlossaThread;
  }
}
