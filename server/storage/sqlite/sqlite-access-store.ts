// AccessStore on the embedded SQLite database (same connection as the document store).

import { and, eq, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { AccessGrant, AccessStore, ShareLink } from '../access-store.js';
import type * as schema from './schema.js';
import { documentAccess, documents, shareLinks } from './schema.js';

export class SqliteAccessStore implements AccessStore {
  constructor(private readonly db: BetterSQLite3Database<typeof schema>) {}

  async getGrant(documentId: string, userId: string): Promise<AccessGrant | null> {
    return (
      this.db
        .select()
        .from(documentAccess)
        .where(and(eq(documentAccess.documentId, documentId), eq(documentAccess.userId, userId)))
        .get() ?? null
    );
  }

  async listGrants(documentId: string): Promise<AccessGrant[]> {
    return this.db.select().from(documentAccess).where(eq(documentAccess.documentId, documentId)).all();
  }

  async grantsTo(userId: string): Promise<AccessGrant[]> {
    return this.db.select().from(documentAccess).where(eq(documentAccess.userId, userId)).all();
  }

  async createdBy(userId: string): Promise<{ documents: number; sourceBytes: number }> {
    const row = this.db
      .select({ documents: sql<number>`count(*)`, sourceBytes: sql<number>`coalesce(sum(${documents.sourceBytes}), 0)` })
      .from(documentAccess)
      .innerJoin(documents, eq(documents.id, documentAccess.documentId))
      .where(and(eq(documentAccess.userId, userId), eq(documentAccess.role, 'owner'), eq(documentAccess.grantedBy, userId)))
      .get();
    return { documents: Number(row?.documents ?? 0), sourceBytes: Number(row?.sourceBytes ?? 0) };
  }

  async creatorOf(documentId: string): Promise<string | null> {
    const row = this.db
      .select({ userId: documentAccess.userId })
      .from(documentAccess)
      .where(and(eq(documentAccess.documentId, documentId), eq(documentAccess.role, 'owner'), eq(documentAccess.grantedBy, documentAccess.userId)))
      .get();
    return row?.userId ?? null;
  }

  async putGrant(grant: AccessGrant): Promise<void> {
    this.db
      .insert(documentAccess)
      .values(grant)
      .onConflictDoUpdate({
        target: [documentAccess.documentId, documentAccess.userId],
        set: { role: grant.role, viaLink: grant.viaLink, expiresAt: grant.expiresAt, grantedBy: grant.grantedBy, createdAt: grant.createdAt },
      })
      .run();
  }

  async removeGrant(documentId: string, userId: string): Promise<boolean> {
    return (
      this.db
        .delete(documentAccess)
        .where(and(eq(documentAccess.documentId, documentId), eq(documentAccess.userId, userId)))
        .run().changes > 0
    );
  }

  async createShareLink(link: ShareLink, tokenHash: string): Promise<void> {
    this.db
      .insert(shareLinks)
      .values({ ...link, tokenHash })
      .run();
  }

  async findShareLink(tokenHash: string): Promise<ShareLink | null> {
    const row = this.db.select().from(shareLinks).where(eq(shareLinks.tokenHash, tokenHash)).get();
    if (!row) return null;
    const { tokenHash: _hidden, ...link } = row;
    return link;
  }

  async listShareLinks(documentId: string): Promise<ShareLink[]> {
    return this.db
      .select()
      .from(shareLinks)
      .where(eq(shareLinks.documentId, documentId))
      .all()
      .map(({ tokenHash: _hidden, ...link }) => link);
  }

  async revokeShareLink(documentId: string, linkId: string, at: Date): Promise<boolean> {
    return this.db.transaction((tx) => {
      const changed = tx
        .update(shareLinks)
        .set({ revokedAt: at })
        .where(and(eq(shareLinks.documentId, documentId), eq(shareLinks.id, linkId)))
        .run().changes;
      tx.delete(documentAccess)
        .where(and(eq(documentAccess.documentId, documentId), eq(documentAccess.viaLink, linkId)))
        .run();
      return changed > 0;
    });
  }
}
