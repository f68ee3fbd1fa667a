// <glossa-annotator server="https://HOST" document="ID">: the full annotator for one document.
// Reads the live Y.Doc through a CollabSession and writes only through server-applied commands.

import { LitElement, type PropertyValues, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { CommandInput } from '../../shared/model/commands.js';
import { findOccurrences } from '../../shared/model/occurrences.js';
import { textContext } from '../../shared/model/text-context.js';
import type { AnnotationView } from '../../shared/model/types.js';
import type { Identity } from '../../shared/protocol/identity.js';
import { SessionController } from '../controllers/session-controller.js';
import type { PendingCommand } from '../sync/command-queue.js';
import { createIdentity, loadIdentity } from '../sync/identity-store.js';
import { newId } from '../sync/new-id.js';
import { identityFromToken } from '../sync/token-identity.js';
import type { AnnotateRequest } from './glossa-annotate-popover.js';
import type { GlossaAnnotationList } from './glossa-annotation-list.js';
import type { GlossaTextView, PendingRange, TextSelectionDetail } from './glossa-text-view.js';
import type { PendingComment } from './glossa-thread.js';
import { truncate } from './format.js';
import { theme } from './theme.js';
import './glossa-annotate-popover.js';
import './glossa-annotation-list.js';
import './glossa-name-prompt.js';
import './glossa-presence-bar.js';
import './glossa-text-view.js';
import './glossa-thread.js';

function isTyping(event: Event): boolean {
  const target = event.composedPath()[0] as HTMLElement | undefined;
  return !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
}

@customElement('glossa-annotator')
export class GlossaAnnotator extends LitElement {
  static override styles = [
    theme,
    css`
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
        align-items: center;
        justify-content: flex-end;
        gap: 0.75rem;
        padding: 0.45rem 0.75rem;
        border-bottom: 1px solid var(--_border);
        background: var(--_panel);
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
      .rejections {
        position: absolute;
        left: 0.75rem;
        bottom: 0.75rem;
        display: grid;
        gap: 0.4rem;
        z-index: 20;
        max-width: 28rem;
      }
      .rejections div {
        background: #fff5f5;
        border: 1px solid var(--_danger);
        border-radius: var(--_radius);
        padding: 0.5rem 0.7rem;
        display: flex;
        gap: 0.5rem;
        align-items: start;
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
      @media (max-width: 760px) {
        .body {
          grid-template-columns: 1fr;
          grid-template-rows: 1fr 40%;
        }
        aside {
          border-left: none;
          border-top: 1px solid var(--_border);
        }
      }
    `,
  ];

  /** Origin of the Glossa server; defaults to the page's own. */
  @property() server = '';
  /** Id of the document to open. */
  @property() document = '';
  /** Optional display name to use instead of asking (open mode). */
  @property({ attribute: 'user-name' }) userName = '';
  /** Signed identity token from the host page (token mode). Replace it to renew; see `token-expired`. */
  @property() token = '';

  @state() private identity: Identity | null = loadIdentity();
  @state() private activeId: string | null = null;
  @state() private threadOpen = false;
  @state() private selection: TextSelectionDetail | null = null;
  @state() private chooser: { ids: string[]; x: number; y: number } | null = null;
  private knownIds: Set<string> | null = null;

  private readonly sessions = new SessionController(this, (event) => this.onSessionEvent(event));
  @query('glossa-text-view') private textView!: GlossaTextView;
  @query('glossa-annotation-list') private list!: GlossaAnnotationList | null;

  protected override willUpdate(changed: PropertyValues): void {
    // With a token the server knows who this is; the name is read from it for display.
    const fromToken = this.token ? identityFromToken(this.token) : null;
    if (fromToken && fromToken.id !== this.identity?.id) this.identity = fromToken;
    if (!this.identity && this.userName.trim()) this.identity = createIdentity(this.userName);
    if (changed.has('server') || changed.has('document') || changed.has('identity') || changed.has('token')) {
      const server = (this.server || globalThis.location?.origin || '').replace(/\/$/, '');
      this.sessions.open(
        this.identity && this.document ? { server, documentId: this.document, identity: this.identity, token: this.token || null } : null,
      );
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKeyDown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKeyDown);
  }

  override render() {
    if (!this.identity) {
      return html`<glossa-name-prompt @name-chosen=${(e: CustomEvent<string>) => (this.identity = createIdentity(e.detail))}></glossa-name-prompt>`;
    }
    const session = this.sessions.session;
    if (!session) return html`<p class="notice muted">No document chosen.</p>`;
    if (session.closedBecause) {
      return html`<p class="notice" role="alert">This document cannot be opened: ${session.closedBecause.reason || session.closedBecause.code}.</p>`;
    }
    const pendingCreates = this.pendingCreates();
    const annotations = session.annotations;
    const shown = pendingCreates.length ? [...annotations, ...pendingCreates].sort((a, b) => a.start - b.start) : annotations;
    const active = shown.find((a) => a.id === this.activeId) ?? null;
    return html`
      <header part="toolbar">
        <glossa-presence-bar .me=${this.identity} .peers=${session.peers} connection=${session.connection} pending=${session.commands.pending.length}></glossa-presence-bar>
      </header>
      <div class="body">
        ${session.synced || session.text
          ? html`<glossa-text-view
              part="text-view"
              .text=${session.text}
              .annotations=${annotations}
              .labels=${session.labels}
              .peers=${session.peers}
              .pending=${pendingCreates.map((p): PendingRange => ({ id: p.id, start: p.start, end: p.end }))}
              .activeId=${this.activeId}
              @text-selection=${this.onTextSelection}
              @highlight-activate=${this.onHighlightActivate}
              @navigate=${(e: CustomEvent<number>) => this.navigate(e.detail)}
            ></glossa-text-view>`
          : html`<p class="notice muted" role="status">Loading the document…</p>`}
        <aside part="panel" aria-label="Annotations">
          ${active && this.threadOpen
            ? html`<glossa-thread
                part="thread"
                .annotation=${active}
                .labels=${session.labels}
                .me=${this.identity}
                .pendingComments=${this.pendingComments(active.id)}
                @command=${(e: CustomEvent<CommandInput>) => this.send(e.detail)}
                @close=${this.closeThread}
              ></glossa-thread>`
            : html`<glossa-annotation-list
                part="list"
                .annotations=${shown}
                .labels=${session.labels}
                .pendingIds=${this.pendingIdSet(pendingCreates)}
                .activeId=${this.activeId}
                @select=${(e: CustomEvent<string>) => this.select(e.detail, true)}
              ></glossa-annotation-list>`}
        </aside>
      </div>
      ${this.selection?.commit ? this.renderPopover(this.selection, session.text) : null}
      ${this.chooser ? this.renderChooser(this.chooser, shown) : null}
      ${session.commands.failed.length
        ? html`<div class="rejections" role="alert">
            ${session.commands.failed.map(
              (f) => html`<div>
                <span>Not saved (${f.command.type}): ${f.error?.message}</span>
                <button type="button" aria-label="Dismiss" @click=${() => session.commands.dismiss(f.key)}>✕</button>
              </div>`,
            )}
          </div>`
        : null}
    `;
  }

  private renderPopover(selection: TextSelectionDetail, text: string) {
    const quote = text.slice(selection.start, selection.end);
    const occurrences = quote.trim() ? findOccurrences(text, quote, { limit: 500 }).length : 1;
    const top = Math.min(selection.rect.bottom + 8, (globalThis.innerHeight ?? 800) - 260);
    const left = Math.max(8, Math.min(selection.rect.left, (globalThis.innerWidth ?? 1000) - 400));
    return html`<glossa-annotate-popover
      style="top: ${top}px; left: ${left}px"
      .quote=${quote}
      .occurrences=${occurrences}
      .labels=${this.sessions.session!.labels}
      @annotate=${(e: CustomEvent<AnnotateRequest>) => this.annotate(selection, e.detail)}
      @cancel=${() => (this.selection = null)}
    ></glossa-annotate-popover>`;
  }

  private renderChooser(chooser: { ids: string[]; x: number; y: number }, annotations: AnnotationView[]) {
    const hits = chooser.ids.map((id) => annotations.find((a) => a.id === id)).filter((a): a is AnnotationView => !!a);
    return html`<div class="chooser" role="menu" aria-label="Overlapping annotations" style="top: ${chooser.y + 8}px; left: ${chooser.x}px"
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.chooser = null)}>
      ${hits.map((a) => html`<button type="button" role="menuitem" @click=${() => this.select(a.id, true)}>“${truncate(a.quote, 50)}” · ${a.author.name}</button>`)}
    </div>`;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('chooser') && this.chooser && !changed.get('chooser')) this.shadowRoot!.querySelector<HTMLButtonElement>('.chooser button')?.focus();
  }

  private pendingCreates(): AnnotationView[] {
    const session = this.sessions.session!;
    const existing = new Set(session.annotations.map((a) => a.id));
    const text = session.text;
    return session.commands.pending.flatMap((p: PendingCommand) => {
      const c = p.command;
      if (c.type !== 'annotation.create' || !c.id || existing.has(c.id) || c.end > text.length) return [];
      const now = new Date().toISOString();
      return [
        {
          id: c.id,
          start: c.start,
          end: c.end,
          detached: false,
          ...textContext(text, c.start, c.end),
          labels: c.labels ?? [],
          author: this.identity!,
          createdAt: now,
          status: 'open' as const,
          resolvedBy: null,
          resolvedAt: null,
          comments: c.comment ? [{ id: `${c.id}-first`, author: this.identity!, body: c.comment, createdAt: now, editedAt: null, deleted: false }] : [],
        },
      ];
    });
  }

  private lastPending: { key: string; ids: ReadonlySet<string> } = { key: '', ids: new Set() };

  /** The same Set while the pending creates are the same, so the list is not re-rendered for nothing. */
  private pendingIdSet(pending: readonly AnnotationView[]): ReadonlySet<string> {
    const key = pending.map((p) => p.id).join(',');
    if (key !== this.lastPending.key) this.lastPending = { key, ids: new Set(pending.map((p) => p.id)) };
    return this.lastPending.ids;
  }

  private pendingComments(annotationId: string): PendingComment[] {
    const session = this.sessions.session!;
    const annotation = session.annotations.find((a) => a.id === annotationId);
    const have = new Set(annotation?.comments.map((c) => c.id));
    return session.commands.pending.flatMap((p) =>
      p.command.type === 'comment.add' && p.command.annotationId === annotationId && p.command.id && !have.has(p.command.id)
        ? [{ id: p.command.id, body: p.command.body }]
        : [],
    );
  }

  private send(command: CommandInput): void {
    this.sessions.session?.send(command);
    if (command.type === 'annotation.delete') this.closeThread();
  }

  private annotate(selection: TextSelectionDetail, request: AnnotateRequest): void {
    const session = this.sessions.session!;
    const comment = request.comment || undefined;
    if (request.allOccurrences) {
      session.send({ type: 'annotation.createAll', phrase: session.text.slice(selection.start, selection.end), caseSensitive: true, labels: request.labels, comment });
    } else {
      const id = newId();
      session.send({ type: 'annotation.create', id, start: selection.start, end: selection.end, labels: request.labels, comment });
      this.activeId = id;
    }
    this.selection = null;
    session.setSelection(null);
    document.getSelection()?.removeAllRanges();
  }

  private onTextSelection = (event: CustomEvent<TextSelectionDetail | null>): void => {
    const detail = event.detail;
    this.sessions.session?.setSelection(detail ? { start: detail.start, end: detail.end } : null);
    if (detail?.commit) {
      this.chooser = null;
      this.selection = detail;
    } else if (!detail && this.selection && !this.selection.commit) {
      this.selection = null;
    }
  };

  private onHighlightActivate = (event: CustomEvent<{ ids: string[]; x: number; y: number }>): void => {
    const { ids, x, y } = event.detail;
    this.selection = null;
    if (ids.length === 1) this.select(ids[0]!, true);
    else if (ids.length > 1) this.chooser = { ids, x, y };
    else this.chooser = null;
  };

  private select(id: string, openThread: boolean): void {
    this.activeId = id;
    this.chooser = null;
    if (openThread) this.threadOpen = true;
    const session = this.sessions.session;
    const annotation = session?.annotations.find((a) => a.id === id);
    if (!annotation) return;
    void this.updateComplete.then(() => {
      this.textView?.reveal(annotation);
      if (!openThread) this.list?.focusEntry(id);
    });
    this.dispatchEvent(new CustomEvent('annotation-selected', { detail: { annotation }, bubbles: true, composed: true }));
  }

  private closeThread = (): void => {
    this.threadOpen = false;
  };

  private navigate(step: number): void {
    const session = this.sessions.session;
    if (!session) return;
    const order = this.list?.visible ?? session.annotations;
    if (order.length === 0) return;
    const at = order.findIndex((a) => a.id === this.activeId);
    const next = order[at === -1 ? (step > 0 ? 0 : order.length - 1) : (at + step + order.length) % order.length]!;
    this.select(next.id, false);
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      if (this.selection) this.selection = null;
      else if (this.chooser) this.chooser = null;
      else if (this.threadOpen) this.closeThread();
      return;
    }
    if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    const fromText = (event.composedPath()[0] as HTMLElement | undefined)?.getAttribute?.('role') === 'textbox';
    if (fromText) return; // the text view handles its own keys
    if (event.key === 'j' || event.key === 'k') {
      event.preventDefault();
      this.navigate(event.key === 'j' ? 1 : -1);
    } else if (event.key === 'Enter' && this.activeId && !this.threadOpen && (event.composedPath()[0] as HTMLElement)?.tagName !== 'BUTTON') {
      event.preventDefault();
      this.threadOpen = true;
      void this.updateComplete.then(() => this.shadowRoot!.querySelector('glossa-thread')?.focus());
    }
  };

  private onSessionEvent(event: Event): void {
    if (event.type === 'token-expired') {
      // The host page issues tokens; it answers by setting a fresh `token` attribute.
      this.dispatchEvent(new CustomEvent('token-expired', { bubbles: true, composed: true }));
      return;
    }
    if (event.type !== 'model') return;
    const session = this.sessions.session!;
    if (!session.synced) return;
    const ids = new Set(session.annotations.map((a) => a.id));
    if (this.knownIds) {
      for (const a of session.annotations) {
        if (!this.knownIds.has(a.id)) {
          this.dispatchEvent(new CustomEvent('annotation-created', { detail: { annotation: a, own: a.author.id === this.identity?.id }, bubbles: true, composed: true }));
        }
      }
    }
    this.knownIds = ids;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-annotator': GlossaAnnotator;
  }
}
