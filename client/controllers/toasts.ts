// Short-lived messages at the bottom of the annotator, most offering Undo to the person who just
// deleted or moved something. Each goes away by itself after a few seconds.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CommandInput } from '../../shared/model/commands.js';

/** How long the person who deleted something may undo it. */
export const UNDO_MS = 8000;

export interface Toast {
  key: number;
  message: string;
  /** What "Undo" sends; a toast without one only informs. */
  undo?: CommandInput;
}

export class Toasts implements ReactiveController {
  items: readonly Toast[] = [];
  private next = 0;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  show(message: string, undo?: CommandInput): void {
    const toast: Toast = { key: ++this.next, message, undo };
    this.items = [...this.items, toast];
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.take(toast);
    }, UNDO_MS);
    this.timers.add(timer);
    this.host.requestUpdate();
  }

  /** Removes a toast (shown, undone or timed out). */
  take(toast: Toast): void {
    this.items = this.items.filter((t) => t !== toast);
    this.host.requestUpdate();
  }

  /** The newest toast that can still be undone (Ctrl+Z), if any. */
  get lastUndoable(): Toast | undefined {
    return this.items.findLast((t) => t.undo);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.items = [];
  }
}
