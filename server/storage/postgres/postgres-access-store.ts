// Grants and share links on PostgreSQL (same pool as the document store): the PostgreSQL twin of
// sqlite/sqlite-access-store.ts, for the AccessStore interface of ../access-store.ts.

import { and, eq, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { AccessGrant, AccessStore, ShareLink } from '../access-store.js';
import type * as schema from './schema.js';
import { documentAccess, documents, shareLinks } from './schema.js';

type Db = NodePgDatabase<typeof schema>;

export class PostgresAccessStore implements AccessStore {
  constructor(
    private readonly db: Db,
    /** Runs `fn` in one transaction (PostgresStore's, which handles lost connections). */
    private readonly transaction: <T>(fn: (tx: Db) => Promise<T>) => Promise<T>,
  ) {}

  async getGrant(documentId: string, userId: string): Promise<AccessGrant | null> {
    const [row] = await this.db
      .select()
      .from(documentAccess)
      .where(and(eq(documentAccess.documentId, documentId), eq(documentAccess.userId, userId)));
    return row ?? null;
  }

  async listGrants(documentId: string): Promise<AccessGrant[]> {
    return this.db.select().from(documentAccess).where(eq(documentAccess.documentId, documentId));
  }

  async grantsTo(userId: string): Promise<AccessGrant[]> {
    return this.db.select().from(documentAccess).where(eq(documentAccess.userId, userId));
  }

  async createdBy(userId: string): Promise<{ documents: number; sourceBytes: number }> {
    const [row] = await this.db
      .select({ documents: sql<string>`count(*)`, sourceBytes: sql<string>`coalesce(sum(${documents.sourceBytes}), 0)` })
      .from(documentAccess)
      .innerJoin(documents, eq(documents.id, documentAccess.documentId))
      .where(and(eq(documentAccess.userId, userId), eq(documentAccess.role, 'owner'), eq(documentAccess.grantedBy, userId)));
    return { documents: Number(row?.documents ?? 0), sourceBytes: Number(row?.sourceBytes ?? 0) };
  }

  async creatorOf(documentId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ userId: documentAccess.userId })
      .from(documentAccess)
      .where(and(eq(documentAccess.documentId, documentId), eq(documentAccess.role, 'owner'), eq(documentAccess.grantedBy, documentAccess.userId)))
      .limit(1);
    return row?.userId ?? null;
  }

  async putGrant(grant: AccessGrant): Promise<void> {
    await this.db
      .insert(documentAccess)
      .values(grant)
      .onConflictDoUpdate({
        target: [documentAccess.documentId, documentAccess.userId],
        set: { role: grant.role, viaLink: grant.viaLink, expiresAt: grant.expiresAt, grantedBy: grant.grantedBy, createdAt: grant.createdAt },
      });
  }

  async removeGrant(documentId: string, userId: string): Promise<boolean> {
    const removed = await this.db
      .delete(documentAccess)
      .where(and(eq(documentAccess.documentId, documentId), eq(documentAccess.userId, userId)))
      .returning({ userId: documentAccess.userId });
    return removed.length > 0;
  }

  async createShareLink(link: ShareLink, tokenHash: string): Promise<void> {
    await this.db.insert(shareLinks).values({ ...link, tokenHash });
  }

  async findShareLink(tokenHash: string): Promise<ShareLink | null> {
    const [row] = await this.db.select().from(shareLinks).where(eq(shareLinks.tokenHash, tokenHash));
    if (!row) return null;
    const { tokenHash: _hidden, ...link } = row;
    return link;
  }

  async listShareLinks(documentId: string): Promise<ShareLink[]> {
    const rows = await this.db.select().from(shareLinks).where(eq(shareLinks.documentId, documentId));
    return rows.map(({ tokenHash: _hidden, ...link }) => link);
  }

  async revokeShareLink(documentId: string, linkId: string, at: Date): Promise<boolean> {
    return this.transaction(async (tx) => {
      const revoked = await tx
        .update(shareLinks)
        .set({ revokedAt: at })
        .where(and(eq(shareLinks.documentId, documentId), eq(shareLinks.id, linkId)))
        .returning({ id: shareLinks.id });
      await tx.delete(documentAccess).where(and(eq(documentAccess.documentId, documentId), eq(documentAccess.viaLink, linkId)));
      return revoked.length > 0;
    });
  }
}
