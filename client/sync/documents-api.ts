// The documents REST API as the list, the document header and the share dialog call it: typed
// answers, and refusals as errors carrying the server's message (docs/api.md).

import type { AcceptedShareLink, DocumentEntry, DocumentListing, LinkRole, RevisionEntry, ShareLinkEntry } from '../../shared/protocol/documents-api.js';
import { IDENTITY_HEADER, type Identity, encodeIdentity } from '../../shared/protocol/identity.js';
import { loadIdentity } from './identity-store.js';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiTarget {
  /** Origin of the Glossa server ('' for the page's own). */
  server: string;
  /** Signed identity token (token mode); '' in open mode. */
  token: string;
  /** Open mode: who the person says they are; by default whoever this browser keeps (identity-store.ts). */
  identity?: Identity | null;
}

export class DocumentsApi {
  private readonly base: string;

  constructor(private readonly target: ApiTarget) {
    this.base = (target.server || globalThis.location?.origin || '').replace(/\/$/, '');
  }

  /** The URL of an API path on the server. */
  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** `body`: sent as JSON, or as it is when it is a form (a file upload; the browser sets its content type). */
  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    // Open mode knows people by what they say: what they do (a new version, a document) is theirs.
    const identity = this.target.token ? null : (this.target.identity ?? loadIdentity());
    const headers: Record<string, string> = this.target.token
      ? { Authorization: `Bearer ${this.target.token}` }
      : identity
        ? { [IDENTITY_HEADER]: encodeIdentity(identity) }
        : {};
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.url(path), { method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body) });
    } catch {
      throw new ApiRequestError(0, 'unreachable', 'The server cannot be reached.');
    }
    if (res.status === 204) return undefined as T;
    const answer = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (!res.ok) throw new ApiRequestError(res.status, answer?.error?.code ?? 'http_error', answer?.error?.message ?? `The server refused (${res.status}).`);
    return answer as T;
  }

  /** The versions of the document's text, newest first. */
  revisions(id: string): Promise<{ revisions: RevisionEntry[] }> {
    return this.request('GET', `/api/documents/${encodeURIComponent(id)}/revisions`);
  }

  /** A new version of the document's text, from a file; answers the version recorded. */
  putText(id: string, file: File): Promise<{ revision: RevisionEntry }> {
    const upload = new FormData();
    upload.set('file', file);
    return this.request('PUT', `/api/documents/${encodeURIComponent(id)}/text`, upload);
  }

  list(): Promise<DocumentListing> {
    return this.request('GET', '/api/documents');
  }

  /** A new document from pasted text, or from an uploaded file (its title then defaults to the file's name). */
  create(source: { title: string; text: string } | { title: string; file: File }): Promise<DocumentEntry> {
    if ('text' in source) return this.request('POST', '/api/documents', source);
    const upload = new FormData();
    upload.set('file', source.file);
    if (source.title) upload.set('title', source.title);
    return this.request('POST', '/api/documents', upload);
  }

  /** The document's metadata, without its text. */
  get(id: string): Promise<DocumentEntry> {
    return this.request('GET', `/api/documents/${encodeURIComponent(id)}?text=false`);
  }

  rename(id: string, title: string): Promise<DocumentEntry> {
    return this.request('PATCH', `/api/documents/${encodeURIComponent(id)}`, { title });
  }

  remove(id: string): Promise<void> {
    return this.request('DELETE', `/api/documents/${encodeURIComponent(id)}`);
  }

  async shareLinks(id: string): Promise<ShareLinkEntry[]> {
    return (await this.request<{ shareLinks: ShareLinkEntry[] }>('GET', `/api/documents/${encodeURIComponent(id)}/access`)).shareLinks;
  }

  /** A new link; its `token` is shown this once (the server keeps only its hash). */
  createShareLink(id: string, role: LinkRole, expiresInSeconds: number): Promise<{ shareLink: ShareLinkEntry; token: string }> {
    return this.request('POST', `/api/documents/${encodeURIComponent(id)}/access/links`, { role, expiresInSeconds });
  }

  revokeShareLink(id: string, linkId: string): Promise<void> {
    return this.request('DELETE', `/api/documents/${encodeURIComponent(id)}/access/links/${encodeURIComponent(linkId)}`);
  }

  acceptShareLink(shareToken: string): Promise<AcceptedShareLink> {
    return this.request('POST', '/api/share-links/accept', { token: shareToken });
  }

  /** An export as a file, fetched with the token (a plain link cannot carry it). */
  async download(path: string): Promise<Blob> {
    const res = await fetch(this.url(path), { headers: this.target.token ? { Authorization: `Bearer ${this.target.token}` } : {} });
    if (!res.ok) throw new ApiRequestError(res.status, 'http_error', `The export failed (${res.status}).`);
    return res.blob();
  }
}
