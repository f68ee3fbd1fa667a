// Contract of the AccessStore (grants and share links) that a Store exposes as `store.access`.
// Run on SQLite and PostgreSQL by access-store.test.ts.

import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/storage/store.js';

/** Registers the tests; `create` opens a store on a new, empty database. */
export function accessContract(name: string, create: () => Promise<Store>): void {
  describe(`AccessStore contract: ${name}`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    async function setup() {
      const store = await create();
      opened.push(store);
      for (const id of ['doc-a', 'doc-b']) {
        await store.createDocument({ id, title: id, sourceBytes: 0, state: new Uint8Array([0, 0]) });
      }
      return store;
    }
    const t0 = new Date('2026-01-02T03:04:05.678Z');
    const grant = (documentId: string, userId: string, role: 'viewer' | 'commenter' | 'editor' | 'owner', viaLink: string | null = null) => ({
      documentId,
      userId,
      role,
      viaLink,
      expiresAt: null as Date | null,
      grantedBy: 'owner-1',
      createdAt: t0,
    });

    it('puts, replaces, lists and removes grants', async () => {
      const { access } = await setup();
      expect(await access.getGrant('doc-a', 'ann')).toBeNull();
      await access.putGrant(grant('doc-a', 'ann', 'viewer'));
      await access.putGrant(grant('doc-b', 'ann', 'owner'));
      await access.putGrant(grant('doc-a', 'bob', 'commenter'));
      expect(await access.getGrant('doc-a', 'ann')).toEqual(grant('doc-a', 'ann', 'viewer'));

      const expiresAt = new Date('2027-01-01T00:00:00.001Z');
      await access.putGrant({ ...grant('doc-a', 'ann', 'editor'), expiresAt });
      expect(await access.getGrant('doc-a', 'ann')).toEqual({ ...grant('doc-a', 'ann', 'editor'), expiresAt });
      expect((await access.listGrants('doc-a')).map((g) => `${g.userId}:${g.role}`).sort()).toEqual(['ann:editor', 'bob:commenter']);
      const held = async () => (await access.grantsTo('ann')).map((g) => `${g.documentId}:${g.role}`).sort();
      expect(await held()).toEqual(['doc-a:editor', 'doc-b:owner']);

      expect(await access.removeGrant('doc-a', 'ann')).toBe(true);
      expect(await access.removeGrant('doc-a', 'ann')).toBe(false);
      expect(await held()).toEqual(['doc-b:owner']);
    });

    it('counts the documents a person created (their own owner grant) and their source bytes, not those shared with them', async () => {
      const store = await create();
      opened.push(store);
      for (const [id, bytes] of [
        ['mine-1', 100],
        ['mine-2', 250],
        ['theirs', 999],
      ] as const) {
        await store.createDocument({ id, title: id, sourceBytes: bytes, state: new Uint8Array([0, 0]) });
      }
      const own = (documentId: string, userId: string, by = userId) => ({ ...grant(documentId, userId, 'owner'), grantedBy: by });
      await store.access.putGrant(own('mine-1', 'ann'));
      await store.access.putGrant(own('mine-2', 'ann'));
      await store.access.putGrant(own('theirs', 'bob'));
      // Made an owner of Bob's document by Bob: not created by Ann.
      await store.access.putGrant(own('theirs', 'ann', 'bob'));
      expect(await store.access.createdBy('ann')).toEqual({ documents: 2, sourceBytes: 350 });
      expect(await store.access.createdBy('nobody')).toEqual({ documents: 0, sourceBytes: 0 });
      // Whose quota a new version of a document counts against.
      expect(await store.access.creatorOf('theirs')).toBe('bob');
      expect(await store.access.creatorOf('mine-1')).toBe('ann');
      expect(await store.access.creatorOf('nowhere')).toBeNull();
      await store.deleteDocument('mine-2');
      expect(await store.access.createdBy('ann')).toEqual({ documents: 1, sourceBytes: 100 });
    });

    it('share links: found by token hash without revealing it, listed, revoked with the access they gave', async () => {
      const { access } = await setup();
      const link = {
        id: 'link-1',
        documentId: 'doc-a',
        role: 'commenter' as const,
        expiresAt: new Date('2027-06-01T00:00:00Z'),
        createdBy: 'owner-1',
        createdAt: t0,
        revokedAt: null as Date | null,
      };
      await access.createShareLink(link, 'hash-1');
      await expect(access.createShareLink({ ...link, id: 'link-2' }, 'hash-1')).rejects.toThrow();
      const found = await access.findShareLink('hash-1');
      expect(found).toEqual(link);
      expect(found).not.toHaveProperty('tokenHash');
      expect(await access.findShareLink('nope')).toBeNull();
      expect(await access.listShareLinks('doc-a')).toEqual([link]);
      expect(await access.listShareLinks('doc-b')).toEqual([]);

      await access.putGrant(grant('doc-a', 'carl', 'commenter', 'link-1'));
      await access.putGrant(grant('doc-a', 'dora', 'editor'));
      const at = new Date('2026-03-01T00:00:00Z');
      expect(await access.revokeShareLink('doc-b', 'link-1', at)).toBe(false); // another document's link
      expect(await access.revokeShareLink('doc-a', 'link-1', at)).toBe(true);
      expect((await access.findShareLink('hash-1'))?.revokedAt).toEqual(at);
      expect(await access.getGrant('doc-a', 'carl')).toBeNull();
      expect(await access.getGrant('doc-a', 'dora')).not.toBeNull();
    });

    it('deleting a document removes its grants and links', async () => {
      const store = await setup();
      await store.access.putGrant(grant('doc-a', 'ann', 'owner'));
      await store.access.createShareLink(
        { id: 'l', documentId: 'doc-a', role: 'viewer', expiresAt: t0, createdBy: 'ann', createdAt: t0, revokedAt: null },
        'h',
      );
      expect(await store.deleteDocument('doc-a')).toBe(true);
      expect(await store.access.grantsTo('ann')).toEqual([]);
      expect(await store.access.findShareLink('h')).toBeNull();
    });
  });
}
