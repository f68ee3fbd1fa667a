// The documents REST API as the list, the document header and the share dialog call it: typed
// answers, and refusals as errors carrying the server's message (docs/api.md).

import type { ImportReport } from '../../shared/model/import/import-annotations.js';
import type { ActivityPage, PastState } from '../../shared/model/activity/activity-entry.js';
import type { AnnotationDifference } from '../../shared/model/history/diff-states.js';
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

/** The server's refusal as an error carrying its message; null for an answer. */
function refusal(status: number, json: unknown): ApiRequestError | null {
  if (status >= 200 && status < 300) return null;
  const answer = json as { error?: { code: string; message: string } } | null;
  return new ApiRequestError(status, answer?.error?.code ?? 'http_error', answer?.error?.message ?? `The server refused (${status}).`);
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

  /** Who is asking: the token, or in open mode the identity this browser keeps. */
  private authHeaders(): Record<string, string> {
    // Open mode knows people by what they say: what they do (a new version, a document) is theirs.
    const identity = this.target.token ? null : (this.target.identity ?? loadIdentity());
    return this.target.token ? { Authorization: `Bearer ${this.target.token}` } : identity ? { [IDENTITY_HEADER]: encodeIdentity(identity) } : {};
  }

  /** `body`: sent as JSON, or as it is when it is a form (a file upload; the browser sets its content type). */
  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers = this.authHeaders();
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.url(path), { method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body) });
    } catch {
      throw new ApiRequestError(0, 'unreachable', 'The server cannot be reached.');
    }
    if (res.status === 204) return undefined as T;
    const json: unknown = await res.json().catch(() => null);
    const refused = refusal(res.status, json);
    if (refused) throw refused;
    return json as T;
  }

  /**
   * A file sent with its progress reported (fetch cannot tell how much of a body has gone): a form, or
   * the file's bytes as `type`.
   */
  private upload<T>(method: string, path: string, body: FormData | File, onProgress?: (fraction: number) => void, type?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, this.url(path));
      for (const [name, value] of Object.entries(this.authHeaders())) xhr.setRequestHeader(name, value);
      if (type) xhr.setRequestHeader('content-type', type);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress?.(e.loaded / e.total);
      };
      xhr.onerror = () => reject(new ApiRequestError(0, 'unreachable', 'The server cannot be reached.'));
      xhr.onload = () => {
        let json: unknown = null;
        try {
          json = JSON.parse(xhr.responseText);
        } catch {
          // Not JSON: answered below by the status alone.
        }
        const refused = refusal(xhr.status, json);
        if (refused) reject(refused);
        else resolve(json as T);
      };
      xhr.send(body);
    });
  }

  /** The versions of the document's text, newest first. */
  revisions(id: string): Promise<{ revisions: RevisionEntry[] }> {
    return this.request('GET', `/api/documents/${encodeURIComponent(id)}/revisions`);
  }

  /** A new version of the document's text, from a file; answers the version recorded. */
  putText(id: string, file: File, onProgress?: (fraction: number) => void): Promise<{ revision: RevisionEntry }> {
    const form = new FormData();
    form.set('file', file);
    return this.upload('PUT', `/api/documents/${encodeURIComponent(id)}/text`, form, onProgress);
  }

  /** Web Annotations from a file (Glossa's, Hypothesis' or Recogito's export) onto the document. */
  importAnnotations(id: string, file: File, onProgress?: (fraction: number) => void): Promise<ImportReport> {
    return this.upload('POST', `/api/documents/${encodeURIComponent(id)}/annotations/import`, file, onProgress, 'application/ld+json');
  }

  /** The newest lines of the document's activity (at most `limit`), newest change first. */
  activity(id: string, limit: number): Promise<ActivityPage> {
    return this.request('GET', `/api/documents/${encodeURIComponent(id)}/activity?limit=${limit}`);
  }

  /** The document (text and annotations) as it was at `at`. */
  past(id: string, at: string): Promise<PastState> {
    return this.request('GET', `/api/documents/${encodeURIComponent(id)}/history?at=${encodeURIComponent(at)}`);
  }

  /** What changed in the annotations from one moment to another. */
  diff(id: string, from: string, to: string): Promise<{ differences: AnnotationDifference[] }> {
    return this.request('GET', `/api/documents/${encodeURIComponent(id)}/history/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  }

  /** Puts the annotations (or one, or one comment) back as they were at `at`, as a change going forward. */
  restore(
    id: string,
    at: string,
    scope: { annotationId?: string; commentId?: string } = {},
  ): Promise<{ brought: string[]; removed: string[]; changed: string[] }> {
    return this.request('POST', `/api/documents/${encodeURIComponent(id)}/history/restore`, { at, ...scope });
  }

  list(): Promise<DocumentListing> {
    return this.request('GET', '/api/documents');
  }

  /** A new document from pasted text, or from an uploaded file (its title then defaults to the file's name). */
  create(source: { title: string; text: string } | { title: string; file: File }, onProgress?: (fraction: number) => void): Promise<DocumentEntry> {
    if ('text' in source) return this.request('POST', '/api/documents', source);
    const form = new FormData();
    form.set('file', source.file);
    if (source.title) form.set('title', source.title);
    return this.upload('POST', '/api/documents', form, onProgress);
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
