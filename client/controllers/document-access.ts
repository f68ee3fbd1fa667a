// What this person may do on the document, for the interface to offer only that (the server
// enforces it either way). A share link in the page's address is redeemed first, so someone new
// to the document is let in before the annotator opens it.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CommandType } from '../../shared/model/commands.js';
import { may } from '../../shared/model/permissions.js';
import type { Role } from '../../shared/model/types.js';
import { DocumentsApi } from '../sync/documents-api.js';
import { redeemShareLinkFromPage } from '../sync/share-link.js';

export interface AccessInputs {
  server: string;
  documentId: string;
  token: string;
}

/**
 * Whether to offer a command to a person with `role` (on work by `ownerId`): while the role is
 * unknown (null) everything is offered, and the server decides.
 */
export function offers(role: Role | null, personId: string | undefined, type: CommandType, ownerId?: string): boolean {
  return role === null || may({ id: personId ?? '', role }, type, ownerId);
}

export class DocumentAccessController implements ReactiveController {
  /** The person's role; null until known (or when the server cannot say): everything is offered then. */
  role: Role | null = null;
  private generation = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Redeems a share link if the page has one, then resolves; the role follows in the background. */
  async admit(inputs: AccessInputs): Promise<void> {
    const generation = ++this.generation;
    this.role = null;
    const target = { server: inputs.server, token: inputs.token };
    await redeemShareLinkFromPage(target).catch(() => null);
    void new DocumentsApi(target)
      .get(inputs.documentId)
      .then((entry) => entry.role)
      .catch(() => null)
      .then((role) => {
        if (generation !== this.generation) return;
        this.role = role;
        this.host.requestUpdate();
      });
  }

  hostConnected(): void {}
}
