// Owns a CollabSession for a Lit host: opens it when the host connects or its inputs change,
// re-renders the host on every session event, and closes it when the host goes away.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Identity } from '../../shared/protocol/identity.js';
import { CollabSession } from '../sync/collab-session.js';

export interface SessionInputs {
  server: string;
  documentId: string;
  /** Null while the person only reads (no name chosen yet). */
  identity: Identity | null;
  token: string | null;
}

const EVENTS = ['model', 'presence', 'status', 'pending', 'rejected', 'token-expired'] as const;

export class SessionController implements ReactiveController {
  session: CollabSession | null = null;
  private inputs: SessionInputs | null = null;
  private readonly onEvent = (event: Event) => {
    this.host.requestUpdate();
    this.listener?.(event);
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly listener?: (event: Event) => void,
  ) {
    host.addController(this);
  }

  /** Opens a session for these inputs, replacing any session for other inputs. */
  open(inputs: SessionInputs | null): void {
    const same = inputs && this.inputs && inputs.server === this.inputs.server && inputs.documentId === this.inputs.documentId;
    if (same) {
      // A replaced token or a newly chosen name is picked up by the open session, without losing its state.
      this.inputs = inputs;
      this.session?.setToken(inputs.token);
      if (inputs.identity) this.session?.setIdentity(inputs.identity);
      return;
    }
    this.close();
    this.inputs = inputs;
    if (!inputs) return;
    this.session = new CollabSession({ ...inputs, storage: globalThis.localStorage });
    for (const type of EVENTS) this.session.addEventListener(type, this.onEvent);
    this.host.requestUpdate();
  }

  private close(): void {
    if (!this.session) return;
    for (const type of EVENTS) this.session.removeEventListener(type, this.onEvent);
    this.session.destroy();
    this.session = null;
  }

  hostConnected(): void {
    if (this.inputs && !this.session) {
      const inputs = this.inputs;
      this.inputs = null;
      this.open(inputs);
    }
  }

  hostDisconnected(): void {
    const inputs = this.inputs;
    this.close();
    // Remembered so that moving the element in the DOM reconnects it.
    this.inputs = inputs;
  }
}
