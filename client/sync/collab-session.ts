// One person's live session on one document: the Y.Doc kept in sync by a stock y-websocket
// provider (the read model), presence through awareness, and the command queue for writes.
// No Lit here: it runs in Node tests as in the browser.

import { fromBase64, toBase64 } from 'lib0/buffer';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeAnchor, resolveAnchor } from '../../shared/model/anchors.js';
import type { CommandInput } from '../../shared/model/commands.js';
import { safeColor } from '../../shared/model/color.js';
import { readLabels } from '../../shared/model/labels.js';
import { sourceText } from '../../shared/model/layout.js';
import type { DamagedEntry } from '../../shared/model/layout-check.js';
import { readAnnotations } from '../../shared/model/read-annotations.js';
import type { AnnotationView, Label } from '../../shared/model/types.js';
import { IDENTITY_COLORS, type Identity } from '../../shared/protocol/identity.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { COLLAB_PATH } from '../../shared/protocol/message-types.js';
import { STORE_OK, STORE_WRITE_FAILING, type StoreStatus, failingStatus } from '../../shared/protocol/store-status.js';
import { CommandQueue, type PendingCommand } from './command-queue.js';
import { type PresentPerson, distinctColors } from './presence-colors.js';
import { SavedTracker, savedAckParams } from './saved-tracker.js';

const NONE_DAMAGED: readonly DamagedEntry[] = Object.freeze([]);

/**
 * Who a presence state names, as the annotator shows them; null when it names no one it could
 * show. States come from any client on the socket (in open mode as they were sent, as any JSON),
 * so nothing in them is trusted to be a string or a colour.
 */
function presentUser(value: unknown): Identity | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, name, color } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '') return null;
  return { id, name: typeof name === 'string' && name.trim() !== '' ? name : 'Anonymous', color: safeColor(color, '#888888') };
}

/** Ids of people shown as guests while they only read (they have no name yet). */
export const GUEST_ID_PREFIX = 'guest-';

/** Least time between two presence updates of one's own selection. */
const PRESENCE_MS = 80;

/** Storing fails as far as a command's 503 tells, with no StoreStatus on the socket to say why. */

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

export interface Peer {
  clientId: number;
  user: Identity;
  /** The peer's current selection in the text, if any. */
  selection: { start: number; end: number } | null;
}

export interface SessionOptions {
  /** Origin of the Glossa server, e.g. https://glossa.example.org. */
  server: string;
  documentId: string;
  /** Who writes; null for someone only reading so far (they are not shown to others). */
  identity: Identity | null;
  /** Signed token (token mode); sent as `?token=` on the socket and Authorization on commands. */
  token?: string | null;
  storage?: Storage;
  WebSocketPolyfill?: typeof WebSocket;
}

interface PresenceState {
  user?: Identity;
  selection?: { start: string; end: string } | null;
}

export class CollabSession extends EventTarget {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** What the server says about storing (the socket asks for saved acknowledgements). */
  readonly saved: SavedTracker;
  commands: CommandQueue;
  private toldFailing = false;
  private everConnected = false;
  private closeReason: { code: number; reason: string } | null = null;
  private modelCache: { annotations: AnnotationView[]; labels: Label[]; damaged: readonly DamagedEntry[] } | null = null;
  private peersCache: Peer[] | null = null;
  private ownColor: string | null = null;
  private notifyScheduled = false;
  private token: string | null;
  private selectionWanted: { start: number; end: number } | null = null;
  private selectionSent: { start: number; end: number } | null = null;
  private selectionTimer: ReturnType<typeof setTimeout> | null = null;
  private person: Identity | null;
  private readonly guest: Identity = {
    id: `${GUEST_ID_PREFIX}${Math.random().toString(36).slice(2, 10)}`,
    name: 'Guest',
    color: IDENTITY_COLORS[Math.floor(Math.random() * IDENTITY_COLORS.length)]!,
  };
  // The browser knows it lost the network before any socket times out: let go of the others'
  // presence at once (they are not here as far as this person can tell) and reconnect when it is back.
  private readonly onOffline = () => {
    this.provider.disconnect();
    this.emit('status');
    this.emit('presence');
  };
  private readonly onOnline = () => {
    this.provider.connect();
    this.commands.retryNow();
    this.emit('status');
  };

  constructor(readonly options: SessionOptions) {
    super();
    this.token = options.token ?? null;
    this.person = options.identity;
    const wsBase = options.server.replace(/^http/, 'ws') + COLLAB_PATH;
    this.provider = new WebsocketProvider(wsBase, options.documentId, this.doc, {
      WebSocketPolyfill: options.WebSocketPolyfill,
      maxBackoffTime: 2500,
      params: { ...savedAckParams, ...(this.token ? { token: this.token } : {}) },
    });
    this.saved = new SavedTracker(this.provider, this.doc);
    this.saved.addEventListener('change', () => {
      const failing = this.saved.storeStatus.saving === 'failing';
      // Storing works again: commands refused meanwhile go now, not at the end of their backoff.
      if (this.toldFailing && !failing && this.provider.wsconnected) this.commands.retryNow();
      this.toldFailing = failing;
      this.emit('status');
    });
    this.commands = this.createQueue();
    this.provider.awareness.setLocalState({ user: this.shownAs, selection: null } satisfies PresenceState);
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') {
        this.everConnected = true;
        this.commands.retryNow();
      } else if (status === 'disconnected') {
        // The provider dropped the others' states but kept their clocks, so on reconnect their
        // unchanged states (same clock) would be ignored until they next moved: forget the clocks too.
        const awareness = this.provider.awareness;
        for (const id of [...awareness.meta.keys()]) if (id !== this.doc.clientID && !awareness.states.has(id)) awareness.meta.delete(id);
      }
      this.emit('status');
    });
    this.provider.on('sync', () => this.emit('status'));
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event?.code === CloseCode.Unauthenticated) this.emit('token-expired');
      // A refusal is for good (the provider would only be refused again); being rate limited is not.
      else if (event && event.code >= 4400 && event.code < 4500 && event.code !== CloseCode.RateLimited) {
        this.closeReason = { code: event.code, reason: event.reason };
      }
      this.emit('status');
    });
    this.provider.awareness.on('change', () => {
      this.peersCache = null;
      this.emit('presence');
    });
    this.doc.on('afterTransaction', () => {
      this.modelCache = null;
      this.peersCache = null;
      this.scheduleModelNotify();
    });
    globalThis.addEventListener?.('online', this.onOnline);
    globalThis.addEventListener?.('offline', this.onOffline);
  }

  // Pending commands are kept per person, so a reload (or another person on this browser) finds its own.
  private createQueue(): CommandQueue {
    const identity = this.person;
    const queue = new CommandQueue({
      endpoint: `${this.options.server}/api/documents/${encodeURIComponent(this.options.documentId)}/commands`,
      identity,
      storage: identity ? this.options.storage : undefined,
      storageKey: `glossa.pending.${this.options.documentId}.${identity?.id ?? 'reader'}`,
      token: () => this.token,
      onUnauthenticated: () => this.emit('token-expired'),
    });
    queue.addEventListener('change', (event) => {
      this.emit('pending');
      const rejected = (event as CustomEvent<{ rejected?: PendingCommand }>).detail.rejected;
      if (rejected) this.emit('rejected', rejected);
    });
    return queue;
  }

  /** Names the person once they first write (until then they only read), or renames them. */
  setIdentity(identity: Identity): void {
    if (this.person && this.person.id === identity.id && this.person.name === identity.name && this.person.color === identity.color) return;
    const samePerson = this.person?.id === identity.id;
    this.person = identity;
    if (!samePerson) {
      this.commands.destroy();
      this.commands = this.createQueue();
      this.emit('pending');
    }
    this.provider.awareness.setLocalStateField('user', identity);
  }

  private emit(type: string, detail?: unknown): void {
    // Going offline or coming back changes who counts as here.
    if (type === 'status') this.peersCache = null;
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // Many transactions can land in one frame (a sync of 10,000 annotations); tell listeners once.
  private scheduleModelNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      this.emit('model');
    });
  }

  /** Who writes in this session; null while the person only reads. */
  get identity(): Identity | null {
    return this.person;
  }

  /** How others see this person: by name, or as a guest while they only read (as Google Docs shows anonymous viewers). */
  get shownAs(): Identity {
    return this.person ?? this.guest;
  }

  get synced(): boolean {
    return this.provider.synced;
  }

  get connection(): ConnectionState {
    if (this.closeReason) return 'closed';
    if (globalThis.navigator && globalThis.navigator.onLine === false) return 'offline';
    if (this.provider.wsconnected) return 'connected';
    return this.everConnected ? 'reconnecting' : 'connecting';
  }

  /**
   * Whether the server can store this document's changes now: as it says on the socket, or, when
   * it did not say, as the 503 `store_write_failing` answers to this person's commands tell.
   */
  get storeStatus(): StoreStatus {
    const told = this.saved.storeStatus;
    if (told.saving === 'failing') return told;
    const waiting = this.commands.waitingBecause;
    if (this.commands.pending.length > 0 && waiting?.code === STORE_WRITE_FAILING) return failingStatus(waiting.reason ?? 'unknown');
    return STORE_OK;
  }

  /** Some of this person's changes are not stored yet: commands not yet accepted, or edits of the doc not yet acknowledged. */
  get unsaved(): boolean {
    return this.commands.pending.length > 0 || !this.saved.isSaved();
  }

  /** Why the server ended the session for good (e.g. 4404 document not found), if it did. */
  get closedBecause(): { code: number; reason: string } | null {
    return this.closeReason;
  }

  get text(): string {
    return sourceText(this.doc).toString();
  }

  get annotations(): AnnotationView[] {
    return this.model.annotations;
  }

  get labels(): Label[] {
    return this.model.labels;
  }

  /**
   * Entries of the annotations and labels maps that do not match the layout (a raw Yjs client
   * wrote them): left out of `annotations` and `labels`; an owner can remove them (document.removeDamaged).
   */
  get damaged(): readonly DamagedEntry[] {
    return this.model.damaged;
  }

  // One pass over each map gives both what to show and what is damaged: resolving every anchor
  // a second time would double the cost of each change in a document of 10,000 annotations.
  private get model(): { annotations: AnnotationView[]; labels: Label[]; damaged: readonly DamagedEntry[] } {
    if (!this.modelCache) {
      const damaged: DamagedEntry[] = [];
      const annotations = readAnnotations(this.doc, damaged);
      const labels = readLabels(this.doc, damaged);
      this.modelCache = { annotations, labels, damaged: damaged.length ? damaged : NONE_DAMAGED };
    }
    return this.modelCache;
  }

  /** Uses a fresh token from now on, reconnecting if the old one had been refused. */
  setToken(token: string | null): void {
    if (token === this.token) return;
    this.token = token;
    if (token) this.provider.params.token = token;
    else delete this.provider.params.token;
    if (!this.provider.wsconnected && !this.closeReason) this.provider.connect();
    this.commands.retryNow();
  }

  send(command: CommandInput): PendingCommand {
    return this.commands.enqueue(command);
  }

  /**
   * Replaces [start, end) of the text with `insert` (an editor correcting it in place): a Yjs edit of
   * the text, so everyone sees it at once and each highlight keeps to its characters; saved like any.
   */
  editText(start: number, end: number, insert: string): void {
    const text = sourceText(this.doc);
    this.doc.transact(() => {
      if (end > start) text.delete(start, end - start);
      if (insert) text.insert(start, insert);
    });
  }

  /**
   * Shares this person's selection (or null) with everyone, anchored so it follows edits. A held
   * Shift+arrow moves it 30 times a second: only changes are sent, at most every PRESENCE_MS (the
   * last one always), so others see it move without the server's presence limit being reached.
   */
  setSelection(range: { start: number; end: number } | null): void {
    const next = range && range.end > range.start ? { start: range.start, end: range.end } : null;
    if (next?.start === this.selectionWanted?.start && next?.end === this.selectionWanted?.end) return;
    this.selectionWanted = next;
    if (this.selectionTimer) return;
    this.publishSelection();
    this.selectionTimer = setTimeout(() => {
      this.selectionTimer = null;
      if (this.selectionWanted !== this.selectionSent) this.publishSelection();
    }, PRESENCE_MS);
  }

  private publishSelection(): void {
    const range = this.selectionWanted;
    this.selectionSent = range;
    const text = sourceText(this.doc);
    let selection: PresenceState['selection'] = null;
    if (range && range.end <= text.length) {
      const anchor = encodeAnchor(text, range.start, range.end);
      selection = { start: toBase64(anchor.start), end: toBase64(anchor.end) };
    }
    this.provider.awareness.setLocalStateField('selection', selection);
  }

  /** Everyone else here, each in a colour no one else present has (see presence-colors.ts). */
  get peers(): Peer[] {
    return (this.peersCache ??= this.readPeers());
  }

  /** The colour this person is shown in to everyone, given who else is here. */
  get shownColor(): string {
    this.peersCache ??= this.readPeers();
    return this.ownColor ?? this.shownAs.color;
  }

  private readPeers(): Peer[] {
    const peers: Peer[] = [];
    if (this.connection === 'offline') return peers;
    const present: PresentPerson[] = [{ clientId: this.doc.clientID, id: this.shownAs.id, color: this.shownAs.color }];
    this.provider.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.doc.clientID) return;
      const s = state as PresenceState;
      const user = presentUser(s?.user);
      if (!user) return;
      present.push({ clientId, id: user.id, color: user.color });
      let selection: Peer['selection'] = null;
      if (s.selection) {
        try {
          selection = resolveAnchor(this.doc, { start: fromBase64(s.selection.start), end: fromBase64(s.selection.end) });
        } catch {
          selection = null;
        }
      }
      peers.push({ clientId, user, selection });
    });
    const colors = distinctColors(present);
    this.ownColor = colors.get(this.shownAs.id) ?? null;
    return peers.map((p) => ({ ...p, user: { ...p.user, color: colors.get(p.user.id) ?? p.user.color } }));
  }

  destroy(): void {
    if (this.selectionTimer) clearTimeout(this.selectionTimer);
    globalThis.removeEventListener?.('online', this.onOnline);
    globalThis.removeEventListener?.('offline', this.onOffline);
    this.commands.destroy();
    this.provider.destroy();
    this.doc.destroy();
  }
}
