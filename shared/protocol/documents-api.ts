// What the REST API answers about documents and their share links (docs/api.md, docs/security.md):
// the server builds these, the browser client reads them.

import type { Author, Role } from '../model/types.js';

/** A document as `GET /api/documents` lists it (and `GET`/`PATCH /api/documents/{id}` answer it). */
export interface DocumentEntry {
  id: string;
  title: string;
  sizeBytes: number;
  annotationCount: number;
  /** Null only for a document stored before summaries, until the server's sweep has read it. */
  openThreads: number | null;
  resolvedThreads: number | null;
  lastActivityAt: string;
  /** Up to five people who annotated, commented or resolved, most recent first. */
  recentPeople: Author[];
  /** The caller's role on the document. */
  role: Role;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/documents`. */
export interface DocumentListing {
  documents: DocumentEntry[];
  /** Whether the caller may create documents (a global editor or owner; everyone in open mode). */
  canCreate: boolean;
}

export type LinkRole = Exclude<Role, 'owner'>;

/** A share link as `GET /api/documents/{id}/access` lists it; its secret is never listed. */
export interface ShareLinkEntry {
  id: string;
  role: LinkRole;
  expiresAt: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

/** `POST /api/share-links/accept`: the document the link opens and the role it now gives. */
export interface AcceptedShareLink {
  documentId: string;
  role: Role;
}

/** The files a report may be brought in as (a document, or a new version of its text). */
export const REPORT_FILE_TYPES =
  '.txt,.md,.markdown,.html,.htm,.docx,.pdf,text/plain,text/markdown,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** One version of a document's text (GET /api/documents/{id}/revisions; PUT .../text answers the new one). */
export interface RevisionEntry {
  /** 1 for the text the document was created with. */
  number: number;
  createdAt: string;
  /** Who put it; null when nobody is known (versions from before revisions were kept). */
  author: { id: string; name: string } | null;
  /** UTF-8 size of the text. */
  sizeBytes: number;
  /** UTF-16 units inserted and deleted to make it from the version before. */
  inserted: number;
  deleted: number;
  /** How the annotations fared; null for the first version. */
  annotations: { intact: number; edited: number; detached: number } | null;
}
