// An update whose values decode into something no client wrote (an object with a `__proto__` key)
// is found before it is applied: once applied, the document cannot be encoded again.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unencodableValue } from '../../../../shared/protocol/update-values.js';
import { alice, run, sourceDoc } from '../../../support/model-docs.js';

const updateOf = (write: (doc: Y.Doc) => void): Uint8Array => {
  const doc = new Y.Doc();
  write(doc);
  return Y.encodeStateAsUpdate(doc);
};
const proto = (value: unknown) =>
  Object.fromEntries([
    ['__proto__', value],
    ['k', 1],
  ]);

describe('values an update decodes into', () => {
  it('an object with a __proto__ key of bytes passes for bytes, and bricks every replica that applies it', () => {
    const update = updateOf((doc) => doc.getMap('annotations').set('x', proto(new Uint8Array([1, 2]))));
    const replica = new Y.Doc();
    Y.applyUpdate(replica, update);
    expect(() => Y.encodeStateAsUpdate(replica)).toThrow(/byteLength/);
    expect(unencodableValue(Y.decodeUpdate(update))).toBe('a value[0] has a key named "__proto__", which does not decode as it was written');
  });

  it('lets an object whose "__proto__" is null through: it has no prototype, and encodes again as it decoded', () => {
    const update = updateOf((doc) => doc.getMap('annotations').set('x', proto(null)));
    expect(unencodableValue(Y.decodeUpdate(update))).toBeNull();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, update);
    const again = new Y.Doc();
    Y.applyUpdate(again, Y.encodeStateAsUpdate(replica));
    expect(again.getMap('annotations').toJSON()).toEqual({ x: { k: 1 } });
  });

  it('is found wherever a value can hide: nested, in arrays, in a subdocument, in text formats and embeds (JSON in v1 updates, values in v2)', () => {
    const inV2 = (write: (doc: Y.Doc) => void) => {
      const doc = new Y.Doc();
      write(doc);
      return Y.decodeUpdateV2(Y.encodeStateAsUpdateV2(doc));
    };
    expect(unencodableValue(inV2((doc) => doc.getText('source').insert(0, 'abc', { bold: proto({}) })))).toMatch(/format has a key named "__proto__"/);
    expect(unencodableValue(inV2((doc) => doc.getText('source').insertEmbed(0, proto([1]))))).toMatch(/embed has a key named "__proto__"/);
    const hidden: ((doc: Y.Doc) => void)[] = [
      (doc) => doc.getMap('labels').set('l', { name: 'x', nested: [{ deeper: proto(new Uint8Array(3)) }] }),
      (doc) => doc.getArray('list').push([proto({ inherited: true })]),
      (doc) => doc.getMap('docs').set('sub', new Y.Doc({ meta: proto(new Uint8Array(1)) })),
      (doc) => {
        const map = new Y.Map<unknown>();
        doc.getMap('annotations').set('a', map);
        map.set('author', proto(new Uint8Array(2)));
      },
    ];
    for (const write of hidden) expect(unencodableValue(Y.decodeUpdate(updateOf(write)))).toMatch(/__proto__/);
  });

  it('plain data passes: a document as Glossa writes it, bytes, odd JSON and prototype names as ordinary keys', () => {
    const doc = sourceDoc('The committee met in Almaty.');
    run(doc, { type: 'annotation.create', id: 'a1', start: 4, end: 13, labels: ['claim'], comment: 'Which one?' }, alice);
    expect(unencodableValue(Y.decodeUpdate(Y.encodeStateAsUpdate(doc)))).toBeNull();
    const odd = updateOf((d) => {
      d.getMap('m').set('a', { toString: 1, valueOf: [null, 2.5, 'x'], constructor_: {}, bytes: new Uint8Array(4) });
      d.getMap('m').set('b', new Uint8Array([1, 2, 3]));
      d.getArray('l').push([[[[]]], '', 0, true, null]);
    });
    expect(unencodableValue(Y.decodeUpdate(odd))).toBeNull();
  });
});
