// A change the server made for someone reads as what they did, not as its pieces: a new version of
// the text is one line however many highlights it moved, an import says it imported, a restore
// says so before what it brought back.

import type { ChangeSource } from '../history/derive-history.js';
import type { ActivityLine } from './describe-change.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function toldBySource(lines: readonly ActivityLine[], source: ChangeSource | null): ActivityLine[] {
  switch (source) {
    case 'created':
      return [{ kind: 'created-document', annotationId: null, text: 'created the document' }];
    case 'revision': {
      const text = lines.find((l) => l.kind === 'edited-text')?.text.replace(/^edited the text \((.*)\)$/, '$1');
      const moved = lines.filter((l) => l.kind === 'moved').length;
      const details = [text, moved ? `${plural(moved, 'highlight', 'highlights')} moved` : ''].filter(Boolean).join('; ');
      return [{ kind: 'new-version', annotationId: null, text: `uploaded a new version${details ? ` (${details})` : ''}` }];
    }
    case 'import':
      return lines.map((l) =>
        l.kind === 'added-annotations'
          ? { ...l, kind: 'imported', text: l.text.replace(/^added/, 'imported') }
          : l.kind === 'highlighted'
            ? { ...l, text: `imported ${l.text.replace(/^highlighted /, 'a highlight on ')}` }
            : l,
      );
    case 'condensed':
      return [{ kind: 'condensed', annotationId: null, text: 'changes of that day, kept as one (their detail is past the retention period)' }, ...lines];
    case 'restore':
      return [{ kind: 'restored-moment', annotationId: null, text: 'restored annotations as they were earlier' }, ...lines];
    default:
      return [...lines];
  }
}
