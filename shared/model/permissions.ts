// Who may do what: viewer < commenter < editor < owner (docs/security.md).
// Commenters act on their own annotations and comments; editors on everyone's.

import type { CommandType } from './commands.js';
import { ModelError } from './model-error.js';
import type { Actor, Role } from './types.js';

const rank: Record<Role, number> = { viewer: 0, commenter: 1, editor: 2, owner: 3 };

export function atLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

/** Commands a commenter may run on anything, and those it may run only on what it wrote. */
const commenterAny = new Set<CommandType>(['annotation.create', 'annotation.createAll', 'comment.add', 'annotation.resolve', 'annotation.reopen']);
const commenterOwn = new Set<CommandType>([
  'annotation.setLabels',
  'annotation.setRange',
  'annotation.delete',
  'annotation.restore',
  'comment.edit',
  'comment.delete',
  'comment.restore',
]);

/** Whether `actor` may run `type` (on work by `ownerId`, when it changes someone's): what the interface offers. */
export function may(actor: { id: string; role: Role }, type: CommandType, ownerId?: string): boolean {
  // Removing what does not fit the layout deletes other people's entries wholesale: the owner decides.
  if (type === 'document.removeDamaged') return actor.role === 'owner';
  if (atLeast(actor.role, 'editor')) return true;
  if (actor.role !== 'commenter') return false;
  return commenterAny.has(type) || (commenterOwn.has(type) && ownerId === actor.id);
}

/**
 * Throws `forbidden` unless `actor` may run `type`. `ownerId` is the author of the annotation
 * or comment the command changes, when it changes one.
 */
export function authorize(actor: Actor, type: CommandType, ownerId?: string): void {
  if (may(actor, type, ownerId)) return;
  throw new ModelError('forbidden', 'forbidden', `a ${actor.role} may not run ${type}${ownerId && ownerId !== actor.id ? " on someone else's work" : ''}`);
}
