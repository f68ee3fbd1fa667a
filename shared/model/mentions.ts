// "@Name" mentions in comments: who a comment mentions, among the people known to the document.
// Names can hold spaces ("@Ana Lopez"), so the longest known name that follows an "@" wins.

import type { Author } from './types.js';

const boundaryBefore = /[\s([{"'“‘,;:]/u;
const letterOrDigit = /[\p{L}\p{N}_]/u;

export interface MentionSpan {
  start: number;
  end: number;
  person: Author;
}

/** Where `body` mentions one of `people` (by "@" + their name, any case), in order. */
export function findMentions(body: string, people: readonly Author[]): MentionSpan[] {
  if (!body.includes('@') || people.length === 0) return [];
  const byLength = [...people].filter((p) => p.name.trim()).sort((a, b) => b.name.length - a.name.length);
  const spans: MentionSpan[] = [];
  for (let at = body.indexOf('@'); at !== -1; at = body.indexOf('@', at + 1)) {
    if (at > 0 && !boundaryBefore.test(body[at - 1]!)) continue;
    const rest = body.slice(at + 1).toLocaleLowerCase();
    const person = byLength.find((p) => {
      const name = p.name.toLocaleLowerCase();
      return rest.startsWith(name) && !letterOrDigit.test(rest.charAt(name.length));
    });
    if (!person) continue;
    const end = at + 1 + person.name.length;
    spans.push({ start: at, end, person });
    at = end - 1;
  }
  return spans;
}

/** Whether any of the comments' bodies mentions `person`. */
export function mentions(bodies: readonly string[], person: Author): boolean {
  return bodies.some((body) => findMentions(body, [person]).length > 0);
}

/** Everyone who wrote something in these annotations, once each: the people a comment can mention. */
export function knownPeople(annotations: readonly { author: Author; comments: readonly { author: Author; deleted: boolean }[] }[]): Author[] {
  const people = new Map<string, Author>();
  for (const a of annotations) {
    people.set(a.author.id, a.author);
    for (const c of a.comments) if (!c.deleted) people.set(c.author.id, c.author);
  }
  return [...people.values()];
}
