// Labels over REST: archiving and restoring through PATCH, names unique whatever their case, a
// retried create answered with what it made.

import { describe, expect, it } from 'vitest';
import { encodeIdentity } from '../../shared/protocol/identity.js';
import { createDocument, startTestServer } from '../support/test-server.js';

const identity = { id: 'u-ana', name: 'Ana Analyst', color: '#c2255c' };

type Json = Record<string, unknown> & { error?: { code: string; message: string } };

describe('labels API', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, 'The NSC admitted what had been denied.');
  const base = `${server.url}/api/documents/${documentId}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-glossa-identity': encodeIdentity(identity) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Json };
  };

  it('archives and restores a label with PATCH; GET lists it either way', async () => {
    await call('POST', '/annotations', { id: 'a1', start: 4, end: 7, labels: ['organisation'] });
    const archived = await call('PATCH', '/labels/organisation', { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.json.label).toEqual({
      id: 'organisation',
      name: 'Organisation',
      color: '#7048e8',
      description: 'A named organisation or body',
      archived: true,
    });
    const listed = (await call('GET', '/labels')).json.labels as { id: string; archived: boolean }[];
    expect(listed.find((l) => l.id === 'organisation')?.archived).toBe(true);
    expect(listed.find((l) => l.id === 'claim')?.archived).toBe(false);
    expect((await call('GET', '/annotations/a1')).json.annotation).toMatchObject({ labels: ['organisation'] });

    expect((await call('PATCH', '/labels/organisation', { archived: false })).json.label).toMatchObject({ archived: false });
  });

  it('refuses a taken name with 409 label_exists, and a non-boolean archived with 400 naming it', async () => {
    const clash = await call('POST', '/labels', { name: 'cLaIm', color: '#123456' });
    expect(clash.status).toBe(409);
    expect(clash.json.error).toEqual({ code: 'label_exists', message: 'a label named "Claim" already exists' });
    expect((await call('PATCH', '/labels/place', { name: 'PERSON' })).status).toBe(409);
    const bad = await call('PATCH', '/labels/place', { archived: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message.startsWith('archived:')).toBe(true);
  });

  it('answers a retried create 200 with the same label', async () => {
    const body = { id: 'date', name: 'Date', color: '#336699' };
    expect((await call('POST', '/labels', body)).status).toBe(201);
    const again = await call('POST', '/labels', body);
    expect(again.status).toBe(200);
    expect(again.json.label).toMatchObject({ id: 'date', name: 'Date' });
  });
});
