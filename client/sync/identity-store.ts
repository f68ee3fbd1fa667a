// The display identity a person picks once in open mode, kept in localStorage.

import { IDENTITY_COLORS, type Identity } from '../../shared/protocol/identity.js';

const KEY = 'glossa.identity';

export function loadIdentity(storage: Storage | undefined = globalThis.localStorage): Identity | null {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Identity>;
    if (typeof value.id === 'string' && typeof value.name === 'string' && typeof value.color === 'string') {
      return { id: value.id, name: value.name, color: value.color };
    }
  } catch {
    // A corrupt entry is treated as no identity: the person is asked again.
  }
  return null;
}

export function createIdentity(name: string, storage: Storage | undefined = globalThis.localStorage): Identity {
  const id = `u-${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const color = IDENTITY_COLORS[Math.floor(Math.random() * IDENTITY_COLORS.length)]!;
  const identity = { id, name: name.trim(), color };
  storage?.setItem(KEY, JSON.stringify(identity));
  return identity;
}
