// Who may do what on which document: roles from the token (global `role`, per-document `grants`)
// and from stored grants (owners, share links); the highest wins. Changes to stored access are
// applied to open sockets at once: downgraded connections lose write rights, revoked ones close.

import { createHash, randomBytes } from 'node:crypto';
import { atLeast } from '../../shared/model/permissions.js';
import { type Role, roles } from '../../shared/model/types.js';
import type { Identity } from '../../shared/protocol/identity.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import type { Connection } from '../collab/connection.js';
import type { RoomRegistry } from '../collab/room-registry.js';
import type { AuthConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { AccessGrant, LinkRole, ShareLink } from '../storage/access-store.js';
import type { Store } from '../storage/store.js';
import { AuthError, type Principal, QuotaError } from './principal.js';
import type { TokenVerifier } from './token-verifier.js';

const highest = (a: Role | null, b: Role | null): Role | null => (!a ? b : !b ? a : atLeast(a, b) ? a : b);

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface NewShareLink {
  link: ShareLink;
  /** The secret to hand out; only its hash is stored, so it is shown this once. */
  token: string;
}

export class AccessService {
  private readonly principals = new WeakMap<Connection, Principal>();

  constructor(
    private readonly store: Store,
    private readonly rooms: RoomRegistry,
    private readonly auth: AuthConfig,
    private readonly verify: TokenVerifier | null,
    private readonly log: Logger,
  ) {}

  get openMode(): boolean {
    return this.auth.mode === 'open';
  }

  /**
   * The principal of a request or socket. Open mode: whoever the client says it is, with every right
   * (there is nobody to check against). Token mode: the verified token, or AuthError.
   */
  async authenticate(token: string | undefined, claimed: Identity | null): Promise<Principal> {
    if (!this.verify) {
      const who = claimed ?? { id: 'anonymous', name: 'Anonymous', color: '#868e96' };
      return { ...who, role: 'owner', grants: new Map(), expiresAt: null };
    }
    if (!token) throw new AuthError('missing_token', 'a signed token is required');
    return this.verify(token);
  }

  /** The person's role on a document, or null when they may not see it. */
  async roleFor(principal: Principal, documentId: string): Promise<Role | null> {
    if (this.openMode) return 'owner';
    let role = highest(principal.role, principal.grants.get(documentId) ?? null);
    if (role === 'owner') return role;
    const grant = await this.store.access.getGrant(documentId, principal.id);
    if (grant && (!grant.expiresAt || grant.expiresAt.getTime() > Date.now())) role = highest(role, grant.role);
    return role;
  }

  /** When the person's stored grant on the document ends (a share link's expiry), if it does. */
  async grantExpiry(principal: Principal, documentId: string): Promise<number | null> {
    if (this.openMode) return null;
    const grant = await this.store.access.getGrant(documentId, principal.id);
    return grant?.expiresAt ? grant.expiresAt.getTime() : null;
  }

  /**
   * The person's role on each document, for listing them all at once (one query, not one per
   * document): what roleFor would answer, null for documents they may not see.
   */
  async listingRoles(principal: Principal): Promise<(documentId: string) => Role | null> {
    if (this.openMode) return () => 'owner';
    const byDocument = new Map<string, Role>();
    const raise = (documentId: string, role: Role) => byDocument.set(documentId, highest(byDocument.get(documentId) ?? null, role)!);
    for (const [documentId, role] of principal.grants) raise(documentId, role);
    const now = Date.now();
    for (const grant of await this.store.access.grantsTo(principal.id)) {
      if (!grant.expiresAt || grant.expiresAt.getTime() > now) raise(grant.documentId, grant.role);
    }
    return (documentId) => highest(principal.role, byDocument.get(documentId) ?? null);
  }

  /** Whether the person may create documents: a global editor or owner role (everyone in open mode). */
  canCreate(principal: Principal): boolean {
    return this.openMode || (principal.role !== null && atLeast(principal.role, 'editor'));
  }

  /**
   * Throws 429 quota_exceeded when creating a document of `sourceBytes` would take the person past
   * what one person may create (token mode; open mode knows no people to count).
   */
  async checkQuota(principal: Principal, sourceBytes: number, limits: { documents: number; sourceBytes: number }): Promise<void> {
    if (this.openMode) return;
    const made = await this.store.access.createdBy(principal.id);
    if (made.documents >= limits.documents) {
      throw new QuotaError(`you have created ${made.documents} documents; one person may create at most ${limits.documents}. Delete some first.`);
    }
    if (made.sourceBytes + sourceBytes > limits.sourceBytes) {
      throw new QuotaError(
        `your documents hold ${made.sourceBytes} bytes of text and this one ${sourceBytes}; one person's may hold at most ${limits.sourceBytes}. Delete some first.`,
      );
    }
  }

  /**
   * A new version of a document counts against its creator's bytes, as the text it replaces did: refused
   * when it would take them over the limit (whoever puts it; growing someone's document spends their quota).
   */
  async checkVersionQuota(documentId: string, oldBytes: number, newBytes: number, limits: { sourceBytes: number }): Promise<void> {
    if (this.openMode || newBytes <= oldBytes) return;
    const creator = await this.store.access.creatorOf(documentId);
    if (!creator) return;
    const made = await this.store.access.createdBy(creator);
    if (made.sourceBytes - oldBytes + newBytes > limits.sourceBytes) {
      throw new QuotaError(
        `the documents their creator made hold ${made.sourceBytes} bytes of text, and this version adds ${newBytes - oldBytes}; one person's may hold at most ${limits.sourceBytes}. Delete some first.`,
      );
    }
  }

  /** The creator owns what they create. */
  async documentCreated(documentId: string, principal: Principal): Promise<void> {
    if (this.openMode) return;
    await this.store.access.putGrant(this.grant(documentId, principal.id, 'owner', principal.id, null, null));
  }

  private grant(documentId: string, userId: string, role: Role, by: string, viaLink: string | null, expiresAt: Date | null): AccessGrant {
    return { documentId, userId, role, viaLink, expiresAt, grantedBy: by, createdAt: new Date() };
  }

  async listAccess(documentId: string): Promise<{ grants: AccessGrant[]; links: ShareLink[] }> {
    const [grants, links] = await Promise.all([this.store.access.listGrants(documentId), this.store.access.listShareLinks(documentId)]);
    return { grants, links };
  }

  async setGrant(documentId: string, userId: string, role: Role, by: Principal): Promise<AccessGrant> {
    const grant = this.grant(documentId, userId, role, by.id, null, null);
    await this.store.access.putGrant(grant);
    await this.reevaluate(documentId);
    return grant;
  }

  async removeGrant(documentId: string, userId: string): Promise<boolean> {
    const removed = await this.store.access.removeGrant(documentId, userId);
    await this.reevaluate(documentId);
    return removed;
  }

  async createShareLink(documentId: string, role: LinkRole, expiresInSeconds: number, by: Principal): Promise<NewShareLink> {
    const token = `gls_${randomBytes(24).toString('base64url')}`;
    const link: ShareLink = {
      id: randomBytes(9).toString('base64url'),
      documentId,
      role,
      expiresAt: new Date(Date.now() + expiresInSeconds * 1000),
      createdBy: by.id,
      createdAt: new Date(),
      revokedAt: null,
    };
    await this.store.access.createShareLink(link, hashToken(token));
    return { link, token };
  }

  /** Gives the person the link's role on its document, until the link expires or is revoked. */
  async acceptShareLink(token: string, principal: Principal): Promise<{ documentId: string; role: Role } | null> {
    const link = await this.store.access.findShareLink(hashToken(token));
    if (!link || link.revokedAt || link.expiresAt.getTime() <= Date.now()) return null;
    const current = await this.roleFor(principal, link.documentId);
    // A link never lowers what someone already has.
    if (current && atLeast(current, link.role)) return { documentId: link.documentId, role: current };
    await this.store.access.putGrant(this.grant(link.documentId, principal.id, link.role, link.createdBy, link.id, link.expiresAt));
    return { documentId: link.documentId, role: link.role };
  }

  async revokeShareLink(documentId: string, linkId: string): Promise<boolean> {
    const revoked = await this.store.access.revokeShareLink(documentId, linkId, new Date());
    await this.reevaluate(documentId);
    return revoked;
  }

  /** Remembers who is behind a socket, so access changes can be applied to it. */
  track(connection: Connection, principal: Principal): void {
    this.principals.set(connection, principal);
  }

  /** Applies the current access rules to every open socket on the document, on every instance. */
  async reevaluate(documentId: string): Promise<void> {
    this.rooms.announceAccessChange(documentId);
    await this.reevaluateHere(documentId);
  }

  /** Applies the current access rules to the open sockets on the document in this instance. */
  async reevaluateHere(documentId: string): Promise<void> {
    await Promise.all(
      this.rooms.connectionsOf(documentId).map(async (connection) => {
        const principal = this.principals.get(connection);
        if (!principal) return;
        const role = await this.roleFor(principal, documentId);
        if (!role) {
          this.log.info({ documentId, user: principal.id }, 'access revoked; closing socket');
          connection.close(CloseCode.Forbidden, 'access to this document was revoked');
        } else if (role !== connection.role) {
          this.log.info({ documentId, user: principal.id, from: connection.role, to: role }, 'role changed on open socket');
          connection.role = role;
        }
      }),
    );
  }
}

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (roles as readonly string[]).includes(value);
