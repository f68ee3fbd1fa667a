// Share links as people pass them around: the address of the page that shows the document, with
// the link's secret in a `glossa-share` query parameter. Whoever opens it signed in (token mode)
// has it redeemed here, once per page load however many components ask.

import type { AcceptedShareLink } from '../../shared/protocol/documents-api.js';
import { type ApiTarget, DocumentsApi } from './documents-api.js';

export const SHARE_PARAM = 'glossa-share';

/** The address to hand out: `pageUrl` (relative to this page) carrying the link's secret. */
export function shareLinkUrl(pageUrl: string, shareToken: string): string {
  const url = new URL(pageUrl, globalThis.location?.href);
  url.searchParams.set(SHARE_PARAM, shareToken);
  return url.toString();
}

/** `pageUrl` without a share secret in it. */
export function withoutShareToken(pageUrl: string): string {
  const url = new URL(pageUrl, globalThis.location?.href);
  url.searchParams.delete(SHARE_PARAM);
  return url.toString();
}

let redeeming: Promise<AcceptedShareLink | null> | null = null;

/**
 * Redeems the share link this page was opened with, as the person `target.token` names; resolves
 * with the document and the role it now gives, or null when the page has no link (or there is no
 * token: open mode has no links, everyone already has every right). Rejects with the server's
 * reason when the link is unknown, revoked or expired.
 *
 * Components call it before they load the document (a person new to it would otherwise be told it
 * does not exist); every call on the page shares one request. The secret is then taken out of the
 * address bar, so a bookmark or a copied address does not pass it on.
 */
export function redeemShareLinkFromPage(target: ApiTarget): Promise<AcceptedShareLink | null> {
  if (redeeming) return redeeming;
  const shareToken = globalThis.location ? new URL(location.href).searchParams.get(SHARE_PARAM) : null;
  if (!shareToken || !target.token) return Promise.resolve(null);
  redeeming = new DocumentsApi(target).acceptShareLink(shareToken);
  history.replaceState(history.state, '', withoutShareToken(location.href));
  return redeeming;
}
