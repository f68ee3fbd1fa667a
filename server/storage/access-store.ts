// Stored access to documents: grants to people (by their token's `sub`) and share links.

import type { Role } from '../../shared/model/types.js';

export interface AccessGrant {
  documentId: string;
  userId: string;
  role: Role;
  /** The share link this access came through; it ends when the link is revoked. */
  viaLink: string | null;
  expiresAt: Date | null;
  grantedBy: string;
  createdAt: Date;
}

export type LinkRole = Exclude<Role, 'owner'>;

export interface ShareLink {
  id: string;
  documentId: string;
  role: LinkRole;
  expiresAt: Date;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface AccessStore {
  getGrant(documentId: string, userId: string): Promise<AccessGrant | null>;
  listGrants(documentId: string): Promise<AccessGrant[]>;
  /** Every stored grant the person holds, on any document (expired ones included). */
  grantsTo(userId: string): Promise<AccessGrant[]>;
  /** How many existing documents the person created (owns by their own grant), and their source texts' UTF-8 bytes. */
  createdBy(userId: string): Promise<{ documents: number; sourceBytes: number }>;
  /** Who created the document (owns it by their own grant); null when nobody is known (open mode, or made before access control). */
  creatorOf(documentId: string): Promise<string | null>;
  /** Creates or replaces the person's grant on the document. */
  putGrant(grant: AccessGrant): Promise<void>;
  removeGrant(documentId: string, userId: string): Promise<boolean>;
  createShareLink(link: ShareLink, tokenHash: string): Promise<void>;
  findShareLink(tokenHash: string): Promise<ShareLink | null>;
  listShareLinks(documentId: string): Promise<ShareLink[]>;
  /** Marks the link revoked and removes the access granted through it; false when unknown. */
  revokeShareLink(documentId: string, linkId: string, at: Date): Promise<boolean>;
}
