// <glossa-annotator server="https://HOST" document="ID">: the full annotator for one document.
// Reads the live Y.Doc through a CollabSession and writes only through server-applied commands.
// Anyone who may read sees the text and every annotation at once; a name is asked for only when
// they first write. Focus always goes back where the person came from.

import { LitElement, type PropertyValues, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { CommandInput, CommandType } from '../../shared/model/commands.js';
import { findOccurrences } from '../../shared/model/occurrences.js';
import { knownPeople } from '../../shared/model/mentions.js';
import type { DamagedEntry } from '../../shared/model/layout-check.js';
import type { AnnotationView, Author, Label } from '../../shared/model/types.js';
import { GUEST_ID_PREFIX, type Peer } from '../sync/collab-session.js';
import type { Identity } from '../../shared/protocol/identity.js';
import { DocumentAccessController, offers } from '../controllers/document-access.js';
import { atLeast } from '../../shared/model/permissions.js';
import { SessionController } from '../controllers/session-controller.js';
import { type Toast, Toasts } from '../controllers/toasts.js';
import { deepActiveElement } from '../focus/deep-focus.js';
import { createIdentity, loadIdentity } from '../sync/identity-store.js';
import { newId } from '../sync/new-id.js';
import { pendingAnnotations, pendingComments } from '../sync/pending-views.js';
import { identityFromToken } from '../sync/token-identity.js';
import type { AnnotateRequest } from './glossa-annotate-popover.js';
import type { GlossaAnnotationList } from './glossa-annotation-list.js';
import type { GlossaNamePrompt } from './glossa-name-prompt.js';
import type { GlossaTextView, HighlightActivateDetail, PendingRange, TextEditDetail, TextSelectionDetail } from './glossa-text-view.js';
import type { GlossaThread } from './glossa-thread.js';
import { momentTime, truncate } from './format.js';
import { HistoryController, type TimelineChange } from '../controllers/history-controller.js';
import './glossa-history.js';
import { annotatorStyles } from './glossa-annotator.styles.js';
import { theme } from './theme.js';
import './glossa-annotate-popover.js';
import './glossa-annotation-list.js';
import { countLabels, type GlossaLabelManager } from './glossa-label-manager.js';
import './glossa-label-manager.js';
import './glossa-name-prompt.js';
import './glossa-notices.js';
import './glossa-presence-bar.js';
import './glossa-text-view.js';
import './glossa-thread.js';
import { cssProperties } from './css-properties.js';

const NO_PEERS: readonly Peer[] = [];
const NO_PENDING: PendingRange[] = [];

function threadCounts(annotations: readonly AnnotationView[]): string {
  const open = annotations.filter((a) => a.status === 'open').length;
  const resolved = annotations.length - open;
  return `${open} open ${open === 1 ? 'thread' : 'threads'}${resolved ? ` · ${resolved} resolved` : ''}`;
}

function isTyping(event: Event): boolean {
  const target = event.composedPath()[0] as HTMLElement | undefined;
  return !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
}

@customElement('glossa-annotator')
export class GlossaAnnotator extends LitElement {
  static override styles = [theme, annotatorStyles];

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
  /** Narrow screens: whether the annotations sheet is pulled up (a thread being open pulls it up too). */
  @state() private sheetOpen = false;
  /** The annotation being moved: the next passage the person selects becomes its new one. */
  @state() private moving: string | null = null;
  /** Edit mode (editors, off until asked for): typing in the text changes it for everyone. */
  @state() private editingText = false;
  /** The damaged entries the owner said "not now" to (their keys): the note comes back only if others appear. */
  @state() private damagedDismissed: string | null = null;
  /** This person asked for the damaged entries to be removed: say so once they are gone. */
  private removingDamaged = false;
  private knownIds: Set<string> | null = null;
  private toldReadOnly = false;
  /** Which opening is current, when inputs change while a share link is being redeemed. */
  private opening = 0;
  /** Where focus goes back to when the popover, the chooser or a thread closes. */
  private focusOrigin: HTMLElement | null = null;

  private readonly sessions = new SessionController(this, (event) => this.onSessionEvent(event));
  private readonly access = new DocumentAccessController(this);
  private readonly toasts = new Toasts(this);
  private readonly history = new HistoryController(this);
  @query('glossa-text-view') private textView!: GlossaTextView | null;
  @query('glossa-annotation-list') private list!: GlossaAnnotationList | null;
  @query('glossa-thread') private thread!: GlossaThread | null;
  @query('glossa-name-prompt') private namePrompt!: GlossaNamePrompt;
  @query('glossa-label-manager') private labelManager!: GlossaLabelManager | null;

  protected override willUpdate(changed: PropertyValues): void {
    // With a token the server knows who this is; the name is read from it for display.
    const fromToken = this.token ? identityFromToken(this.token) : null;
    if (fromToken && fromToken.id !== this.identity?.id) this.identity = fromToken;
    if (!this.identity && this.userName.trim()) this.identity = createIdentity(this.userName);
    const server = (this.server || globalThis.location?.origin || '').replace(/\/$/, '');
    const inputs = this.document ? { server, documentId: this.document, identity: this.identity, token: this.token || null } : null;
    if (changed.has('server') || changed.has('document') || changed.has('token')) {
      const opening = ++this.opening;
      if (!inputs) this.sessions.open(null);
      else void this.access.admit({ server, documentId: this.document, token: this.token }).then(() => opening === this.opening && this.sessions.open(inputs));
    } else if (changed.has('identity')) this.sessions.open(inputs);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKeyDown);
    globalThis.addEventListener?.('beforeunload', this.onBeforeUnload);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKeyDown);
    globalThis.removeEventListener?.('beforeunload', this.onBeforeUnload);
  }

  /** Leaving (closing, reloading, going elsewhere) while changes are not stored: the browser asks first. */
  private readonly onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.sessions.session?.unsaved) return;
    event.preventDefault();
    // Browsers before preventDefault() was honoured here (Chrome before 119) ask when this is set.
    event.returnValue = '';
  };

  override render() {
    const session = this.sessions.session;
    if (!session) return html`<p class="notice muted">No document chosen.</p>`;
    if (session.closedBecause) {
      return html`<p class="notice" role="alert">This document cannot be opened: ${session.closedBecause.reason || session.closedBecause.code}.</p>`;
    }
    const annotations = session.annotations;
    const creating = pendingAnnotations(session.commands.pending, annotations, session.text, this.identity);
    const shown = creating.length ? [...annotations, ...creating].sort((a, b) => a.start - b.start) : annotations;
    const active = shown.find((a) => a.id === this.activeId) ?? null;
    const storeFailing = session.storeStatus.saving === 'failing';
    const damaged = this.damagedNote(session.damaged);
    // Looking at a moment in the past: the text and annotations then, read-only.
    const past = this.history.moment ? this.history.past : null;
    return html`
      <header part="toolbar">
        <span class="counts">${threadCounts(annotations)}</span>
        ${
          this.mayRun('label.edit')
            ? html`<button type="button" class="tool" aria-haspopup="dialog" @click=${() => void this.labelManager?.open()}>Labels</button>`
            : null
        }
        <button type="button" class="tool" aria-pressed=${this.history.open ? 'true' : 'false'} @click=${() => void this.toggleHistory()}>History</button>
        ${
          atLeast(this.access.role ?? 'viewer', 'editor') && !this.history.moment
            ? html`<button type="button" class="tool" aria-pressed=${this.editingText ? 'true' : 'false'} @click=${() => this.toggleEditing()}>
                ${this.editingText ? 'Done editing' : 'Edit text'}
              </button>`
            : null
        }
        <glossa-presence-bar
          .me=${{ ...session.shownAs, color: session.shownColor }}
          .peers=${session.peers}
          connection=${session.connection}
          pending=${session.commands.pending.length}
          .store=${session.storeStatus}
        ></glossa-presence-bar>
      </header>
      ${this.history.moment ? this.renderPastBanner(this.history.moment) : null}
      ${
        this.editingText
          ? html`<div class="editing" role="status">
              Editing the text: what you type is saved and shown to everyone as you type, and highlights keep to their words.
            </div>`
          : null
      }
      <div class="body ${this.sheetOpen || this.threadOpen ? 'sheet-open' : ''}">
        ${
          session.synced || session.text
            ? html`<glossa-text-view
                part="text-view"
                class=${past ? 'past' : ''}
                .text=${past ? past.text : session.text}
                .annotations=${past ? past.annotations : annotations}
                .labels=${past ? past.labels : session.labels}
                .peers=${past ? NO_PEERS : session.peers}
                .pending=${past ? NO_PENDING : this.pendingShown(creating).ranges}
                .activeId=${this.activeId}
                ?editable=${this.editingText && !this.history.moment}
                @text-edit=${(e: CustomEvent<TextEditDetail>) => session.editText(e.detail.start, e.detail.end, e.detail.insert)}
                @text-selection=${this.onTextSelection}
                @highlight-activate=${this.onHighlightActivate}
                @navigate=${(e: CustomEvent<number>) => void this.navigate(e.detail, 'text')}
              ></glossa-text-view>`
            : html`<p class="notice muted" role="status">Loading the document…</p>`
        }
        <aside part="panel" aria-label="Annotations">
          <button type="button" class="sheet-handle" aria-expanded=${this.sheetOpen || this.threadOpen ? 'true' : 'false'} @click=${() => this.toggleSheet()}>
            ${
              this.sheetOpen || this.threadOpen
                ? html`<span aria-hidden="true">▾</span> Hide annotations`
                : html`<span aria-hidden="true">▴</span> Annotations (${shown.length})`
            }
          </button>
          ${this.history.open ? this.renderHistory() : null}
          <glossa-annotation-list
            part="list"
            ?hidden=${(this.threadOpen && !!active) || this.history.open}
            .annotations=${shown}
            .text=${session.text}
            .labels=${session.labels}
            .pendingIds=${this.pendingShown(creating).ids}
            .storeFailing=${storeFailing}
            .activeId=${this.activeId}
            .me=${this.identity}
            @select=${(e: CustomEvent<string>) => void this.openThread(e.detail)}
          ></glossa-annotation-list>
          ${
            active && this.threadOpen && !this.history.open
              ? html`<glossa-thread
                  part="thread"
                  .annotation=${active}
                  .covers=${session.text.slice(active.start, active.end)}
                  .labels=${session.labels}
                  .me=${this.identity}
                  .myRole=${this.access.role}
                  .people=${this.mentionable(session.annotations, session.peers)}
                  .pendingComments=${pendingComments(session.commands.pending, active)}
                  .storeFailing=${storeFailing}
                  .write=${this.write}
                  @move-highlight=${(e: CustomEvent<string>) => this.startMove(e.detail)}
                  @close=${() => void this.closeThread()}
                ></glossa-thread>`
              : null
          }
        </aside>
      </div>
      ${
        this.moving
          ? html`<div class="moving" role="status">
              Select the new passage for this highlight (release the mouse, or press Enter).
              <button type="button" @click=${() => this.cancelMove()}>Cancel</button>
            </div>`
          : null
      }
      ${this.selection?.commit ? this.renderPopover(this.selection, session.text) : null} ${this.chooser ? this.renderChooser(this.chooser, shown) : null}
      <glossa-notices
        .toasts=${this.toasts.items}
        .failed=${session.commands.failed}
        .damaged=${damaged.count}
        .removing=${session.commands.pending.some((p) => p.command.type === 'document.removeDamaged')}
        @undo=${(e: CustomEvent<Toast>) => this.undo(e.detail)}
        @dismiss=${(e: CustomEvent<string>) => session.commands.dismiss(e.detail)}
        @remove-damaged=${() => void this.removeDamaged()}
        @dismiss-damaged=${() => this.dismissDamaged(damaged.keys)}
      ></glossa-notices>
      <glossa-name-prompt></glossa-name-prompt>
      ${
        this.mayRun('label.edit')
          ? html`<glossa-label-manager .labels=${session.labels} .counts=${this.labelCounts(annotations)} .write=${this.write}></glossa-label-manager>`
          : null
      }
    `;
  }

  private renderPastBanner(moment: TimelineChange) {
    return html`<div class="editing past-banner" role="status">
      Viewing the past: the document as it was at ${momentTime(moment.at)}. Read-only.
      ${
        atLeast(this.access.role ?? 'viewer', 'editor')
          ? html`<button type="button" @click=${() => void this.restoreMoment()}>Restore all annotations to this moment</button>`
          : null
      }
      <button type="button" @click=${() => void this.history.lookAt(null)}>Back to now</button>
    </div>`;
  }

  private names: { of: readonly (readonly Label[])[]; map: Map<string, string> } | null = null;

  /** Label names then and now (now wins), the same map while the labels are the same. */
  private labelNames(then: readonly Label[], now: readonly Label[]): ReadonlyMap<string, string> {
    if (this.names && this.names.of[0] === then && this.names.of[1] === now) return this.names.map;
    this.names = { of: [then, now], map: new Map([...then, ...now].map((l) => [l.id, l.name])) };
    return this.names.map;
  }

  private renderHistory() {
    const h = this.history;
    return html`<glossa-history
      part="history"
      .entries=${h.entries}
      .changes=${h.changes}
      .moment=${h.moment}
      .sinceThen=${h.sinceThen}
      .labelNames=${this.labelNames(h.past?.labels ?? [], this.sessions.session?.labels ?? [])}
      .error=${h.error}
      ?mayRestore=${atLeast(this.access.role ?? 'viewer', 'editor')}
      @moment=${(e: CustomEvent<TimelineChange | null>) => void h.lookAt(e.detail)}
      @show-annotation=${(e: CustomEvent<string>) => (this.activeId = e.detail)}
      @restore-annotation=${(e: CustomEvent<string>) => void this.restoreAnnotation(e.detail)}
    ></glossa-history>`;
  }

  private async toggleHistory(): Promise<void> {
    if (this.history.open) {
      this.history.hide();
      return;
    }
    this.editingText = false;
    this.threadOpen = false;
    this.selection = null;
    const server = (this.server || globalThis.location?.origin || '').replace(/\/$/, '');
    await this.history.show({ server, token: this.token, identity: this.identity, documentId: this.document });
  }

  /** Restores every annotation to the moment shown, then shows now, where the restore is the newest change. */
  private async restoreMoment(): Promise<void> {
    if (!(await this.history.restore())) return;
    this.toasts.show('Annotations restored to that moment');
    await this.history.lookAt(null);
  }

  private async restoreAnnotation(id: string): Promise<void> {
    if (!(await this.history.restore({ annotationId: id }))) return;
    this.toasts.show('Annotation restored');
    await this.history.lookAt(null);
    this.activeId = id;
  }

  private renderPopover(selection: TextSelectionDetail, text: string) {
    const quote = text.slice(selection.start, selection.end);
    const occurrences = quote.trim() ? findOccurrences(text, quote, { limit: 500 }).length : 1;
    const top = Math.min(selection.rect.bottom + 8, (globalThis.innerHeight ?? 800) - 260);
    const left = Math.max(8, Math.min(selection.rect.left, (globalThis.innerWidth ?? 1000) - 400));
    return html`<glossa-annotate-popover
      style=${cssProperties({ top: `${top}px`, left: `${left}px` })}
      .quote=${quote}
      .occurrences=${occurrences}
      .labels=${this.sessions.session!.labels}
      @annotate=${(e: CustomEvent<AnnotateRequest>) => void this.annotate(selection, e.detail)}
      @cancel=${() => this.closePopover()}
    ></glossa-annotate-popover>`;
  }

  private renderChooser(chooser: { ids: string[]; x: number; y: number }, annotations: AnnotationView[]) {
    const hits = chooser.ids.map((id) => annotations.find((a) => a.id === id)).filter((a): a is AnnotationView => !!a);
    return html`<div
      class="chooser"
      role="menu"
      aria-label="Overlapping annotations"
      style=${cssProperties({ top: `${chooser.y + 8}px`, left: `${chooser.x}px` })}
    >
      ${hits.map((a) => html`<button type="button" role="menuitem" @click=${() => void this.openThread(a.id)}>“${truncate(a.quote, 50)}” · ${a.author.name}</button>`)}
    </div>`;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('chooser') && this.chooser && !changed.get('chooser')) this.shadowRoot!.querySelector<HTMLButtonElement>('.chooser button')?.focus();
  }

  /** Whether the interface offers this command (the role is unknown while loading: offered, the server decides). */
  private mayRun(type: CommandType): boolean {
    return offers(this.access.role, this.identity?.id, type);
  }

  /**
   * What the owner is told about entries another program wrote that do not match the layout: only
   * an owner can remove them, so only an owner hears of them (to the others they are simply not
   * there, as for every reader), and not while the role is still unknown.
   */
  private damagedNote(entries: readonly DamagedEntry[]): { count: number; keys: string } {
    if (entries.length === 0 || this.access.role === null || !this.mayRun('document.removeDamaged')) return { count: 0, keys: '' };
    const keys = entries.map((d) => `${d.map}/${d.key}`).join('\n');
    return { count: keys === this.damagedDismissed ? 0 : entries.length, keys };
  }

  private async removeDamaged(): Promise<void> {
    if (this.sessions.session?.commands.pending.some((p) => p.command.type === 'document.removeDamaged')) return;
    if (!(await this.write({ type: 'document.removeDamaged' }))) return;
    this.removingDamaged = true;
  }

  private dismissDamaged(keys: string): void {
    this.damagedDismissed = keys;
    this.textView?.focusText();
  }

  private counted: { of: readonly AnnotationView[]; counts: Map<string, number> } | null = null;

  /** Annotations per label, counted once per change of the annotations. */
  private labelCounts(annotations: readonly AnnotationView[]): Map<string, number> {
    if (this.counted?.of !== annotations) this.counted = { of: annotations, counts: countLabels(annotations) };
    return this.counted.counts;
  }

  private mentioned: { annotations: readonly AnnotationView[]; peers: readonly Peer[]; me: Identity | null; people: Author[] } | null = null;

  /**
   * Everyone who wrote in the document or is here now: the people a comment can mention. The same
   * array until one of those changes, so an open thread is not re-rendered at every render here.
   */
  private mentionable(annotations: readonly AnnotationView[], peers: readonly Peer[]): Author[] {
    const m = this.mentioned;
    if (m && m.annotations === annotations && m.peers === peers && m.me === this.identity) return m.people;
    const people = new Map(knownPeople(annotations).map((p) => [p.id, p]));
    for (const peer of peers) if (!peer.user.id.startsWith(GUEST_ID_PREFIX)) people.set(peer.user.id, peer.user);
    if (this.identity) people.set(this.identity.id, this.identity);
    this.mentioned = { annotations, peers, me: this.identity, people: [...people.values()] };
    return this.mentioned.people;
  }

  private lastPending: { key: string; ids: ReadonlySet<string>; ranges: PendingRange[] } = { key: '', ids: new Set(), ranges: [] };

  /**
   * The pending creates as the list (ids) and the text view (ranges) take them: the same objects
   * while they are the same, since a new array would make the text view repaint every highlight
   * at each render here (a colleague's cursor moving, with 10,000 highlights).
   */
  private pendingShown(pending: readonly AnnotationView[]): { ids: ReadonlySet<string>; ranges: PendingRange[] } {
    const key = pending.map((p) => `${p.id}:${p.start}:${p.end}`).join(',');
    if (key !== this.lastPending.key) {
      this.lastPending = { key, ids: new Set(pending.map((p) => p.id)), ranges: pending.map((p) => ({ id: p.id, start: p.start, end: p.end })) };
    }
    return this.lastPending;
  }

  /** Names the person first if they have no name yet; false when they would rather not. */
  private async ensureIdentity(): Promise<boolean> {
    if (this.identity) return true;
    // A token without a usable subject cannot write; the server would refuse anyway.
    if (this.token) return false;
    const name = await this.namePrompt.ask();
    if (!name) return false;
    this.identity = createIdentity(name);
    this.sessions.session?.setIdentity(this.identity);
    return true;
  }

  /** Sends a command as this person (asking their name first, once); false if nothing was sent. */
  private readonly write = async (command: CommandInput): Promise<boolean> => {
    const session = this.sessions.session;
    if (!session || !(await this.ensureIdentity())) return false;
    if (command.type === 'annotation.delete') await this.deleteAnnotation(command.annotationId);
    session.send(command);
    if (command.type === 'annotation.delete') this.toasts.show('Annotation deleted', { type: 'annotation.restore', annotationId: command.annotationId });
    if (command.type === 'comment.delete') {
      this.toasts.show('Comment deleted', { type: 'comment.restore', annotationId: command.annotationId, commentId: command.commentId });
    }
    return true;
  };

  private async annotate(selection: TextSelectionDetail, request: AnnotateRequest): Promise<void> {
    const session = this.sessions.session!;
    if (!(await this.ensureIdentity())) return;
    const comment = request.comment || undefined;
    if (request.allOccurrences) {
      session.send({
        type: 'annotation.createAll',
        phrase: session.text.slice(selection.start, selection.end),
        caseSensitive: true,
        labels: request.labels,
        comment,
      });
    } else {
      const id = newId();
      session.send({ type: 'annotation.create', id, start: selection.start, end: selection.end, labels: request.labels, comment });
      this.activeId = id;
    }
    this.selection = null;
    session.setSelection(null);
    await this.restoreFocus(selection.end);
  }

  private closePopover(): void {
    this.selection = null;
    void this.restoreFocus();
  }

  /** Remembers where the person is (the text or an entry of the list), to come back there. */
  private rememberOrigin(): void {
    const active = deepActiveElement();
    const host = (active?.getRootNode() as ShadowRoot | undefined)?.host;
    if (active && host && (host === this.textView || host === this.list)) this.focusOrigin = active;
  }

  /** Hands focus back where the person came from; in the text, with the caret at `caret` if given. */
  private async restoreFocus(caret?: number): Promise<void> {
    const origin = this.focusOrigin;
    this.focusOrigin = null;
    await this.updateComplete;
    const list = this.list;
    if (origin && list && (origin.getRootNode() as ShadowRoot).host === list) {
      await list.updateComplete;
      // A list entry hidden with a closed sheet (narrow screens) cannot take focus; the text can.
      if (origin.isConnected && origin.checkVisibility()) origin.focus();
      else if (!list.checkVisibility()) this.textView?.focusText(caret);
      else if (this.activeId) list.focusEntry(this.activeId);
      return;
    }
    this.textView?.focusText(caret);
  }

  private toggleEditing(): void {
    this.editingText = !this.editingText;
    this.selection = null;
    this.textView?.focusText();
  }

  private onTextSelection = (event: CustomEvent<TextSelectionDetail | null>): void => {
    const detail = event.detail;
    this.sessions.session?.setSelection(detail ? { start: detail.start, end: detail.end } : null);
    // While the text is edited, selecting is for typing over, not for annotating; the past is read-only.
    if (this.editingText || this.history.moment) return;
    if (detail?.commit && this.moving) {
      void this.moveHighlight(this.moving, detail);
    } else if (detail?.commit && this.access.role === 'viewer') {
      // Said once: a reader selecting to copy text is not told again at every selection.
      if (!this.toldReadOnly) this.toasts.show('You can read this document; annotating it needs comment rights.');
      this.toldReadOnly = true;
    } else if (detail?.commit) {
      this.rememberOrigin();
      this.chooser = null;
      this.selection = detail;
    } else if (!detail && this.selection && !this.selection.commit) {
      this.selection = null;
    }
  };

  private onHighlightActivate = (event: CustomEvent<HighlightActivateDetail>): void => {
    const { ids, offset, x, y } = event.detail;
    this.selection = null;
    // A highlight of the past has no thread to open: it is shown as current.
    if (this.history.moment) {
      this.activeId = ids[0] ?? null;
      return;
    }
    // What is shown as current wins when the caret is on it or just after it (j/k, or a save, then Enter).
    const current = this.sessions.session?.annotations.find((a) => a.id === this.activeId);
    const onCurrent = current && offset !== null && current.start <= offset && offset <= current.end;
    const id = onCurrent ? current.id : ids.length === 1 ? ids[0]! : null;
    if (id) void this.openThread(id);
    else if (ids.length > 1) {
      this.rememberOrigin();
      this.chooser = { ids, x, y };
    } else this.chooser = null;
  };

  private async openThread(id: string): Promise<void> {
    this.rememberOrigin();
    this.activeId = id;
    this.chooser = null;
    this.threadOpen = true;
    const annotation = this.sessions.session?.annotations.find((a) => a.id === id);
    await this.updateComplete;
    if (annotation) this.textView?.reveal(annotation);
    this.thread?.focus();
    if (annotation) this.dispatchEvent(new CustomEvent('annotation-selected', { detail: { annotation }, bubbles: true, composed: true }));
  }

  private async closeThread(): Promise<void> {
    const active = this.sessions.session?.annotations.find((a) => a.id === this.activeId);
    this.threadOpen = false;
    await this.restoreFocus(active?.start);
  }

  /** Before an annotation goes: the thread closes and the current entry moves to its neighbour. */
  private async deleteAnnotation(id: string): Promise<void> {
    const order = this.list?.visible ?? [];
    const at = order.findIndex((a) => a.id === id);
    const neighbour = order[at + 1] ?? order[at - 1] ?? null;
    const deleted = order[at];
    this.activeId = neighbour?.id ?? null;
    this.threadOpen = false;
    await this.restoreFocus(deleted?.start);
  }

  private toggleSheet(): void {
    const open = !(this.sheetOpen || this.threadOpen);
    this.sheetOpen = open;
    if (!open && this.threadOpen) void this.closeThread();
  }

  private startMove(id: string): void {
    this.moving = id;
    this.textView?.focusText();
  }

  private cancelMove(): void {
    this.moving = null;
    this.thread?.focus();
  }

  private async moveHighlight(id: string, selection: TextSelectionDetail): Promise<void> {
    const before = this.sessions.session?.annotations.find((a) => a.id === id);
    this.moving = null;
    if (!before) return;
    if (!(await this.write({ type: 'annotation.setRange', annotationId: id, start: selection.start, end: selection.end }))) return;
    this.sessions.session?.setSelection(null);
    // A detached highlight had no passage to go back to: its re-attachment is undone by moving it again.
    if (before.detached) this.toasts.show('Highlight re-attached');
    else this.toasts.show('Highlight moved', { type: 'annotation.setRange', annotationId: id, start: before.start, end: before.end });
    this.thread?.focus();
  }

  private undo(toast: Toast): void {
    this.toasts.take(toast);
    if (!toast.undo) return;
    this.sessions.session?.send(toast.undo);
    if (toast.undo.type === 'annotation.restore') this.activeId = toast.undo.annotationId;
  }

  private async navigate(step: number, from: 'text' | 'list' | 'thread'): Promise<void> {
    const session = this.sessions.session;
    if (!session) return;
    const order = this.list?.visible ?? session.annotations;
    if (order.length === 0) return;
    const at = order.findIndex((a) => a.id === this.activeId);
    const next = order[at === -1 ? (step > 0 ? 0 : order.length - 1) : (at + step + order.length) % order.length]!;
    if (from === 'thread') return this.openThread(next.id);
    this.activeId = next.id;
    await this.updateComplete;
    this.textView?.reveal(next);
    if (from === 'text') this.textView?.focusText(next.start);
    else this.list?.focusEntry(next.id);
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    const path = event.composedPath();
    if (event.key === 'Escape') {
      // A reply being written is not thrown away by a stray Esc.
      const field = path[0] as HTMLTextAreaElement | undefined;
      if (isTyping(event) && field?.value) return;
      if (this.selection) this.closePopover();
      else if (this.moving) this.cancelMove();
      else if (this.chooser) {
        this.chooser = null;
        void this.restoreFocus();
      } else if (this.threadOpen) void this.closeThread();
      return;
    }
    const undoable = this.toasts.lastUndoable;
    if (event.key === 'z' && (event.ctrlKey || event.metaKey) && !isTyping(event) && undoable) {
      event.preventDefault();
      this.undo(undoable);
      return;
    }
    if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (this.textView && path.includes(this.textView)) return; // the text view handles its own keys
    if (event.key === 'j' || event.key === 'k') {
      event.preventDefault();
      const from = this.thread && path.includes(this.thread) ? 'thread' : 'list';
      void this.navigate(event.key === 'j' ? 1 : -1, from);
    }
  };

  private onSessionEvent(event: Event): void {
    if (event.type === 'token-expired') {
      // The host page issues tokens; it answers by setting a fresh `token` attribute.
      this.dispatchEvent(new CustomEvent('token-expired', { bubbles: true, composed: true }));
      return;
    }
    if (event.type !== 'model') return;
    this.history.changed();
    const session = this.sessions.session!;
    if (this.removingDamaged && session.damaged.length === 0) {
      this.removingDamaged = false;
      // The note (and the button that had focus) is gone: focus goes to the text, and the change is said.
      this.toasts.show("Removed the entries that did not match Glossa's format");
      const focused = deepActiveElement();
      if (!focused || (focused.getRootNode() as ShadowRoot).host?.localName === 'glossa-notices') this.textView?.focusText();
    }
    if (!session.synced) return;
    const ids = new Set(session.annotations.map((a) => a.id));
    if (this.knownIds) {
      for (const a of session.annotations) {
        if (!this.knownIds.has(a.id)) {
          this.dispatchEvent(
            new CustomEvent('annotation-created', { detail: { annotation: a, own: a.author.id === this.identity?.id }, bubbles: true, composed: true }),
          );
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
