// Keyboard focus across shadow roots: what has it, and handing it back where a person came from.

/** The element with keyboard focus, looking inside shadow roots; null when it is the page body. */
export function deepActiveElement(root: DocumentOrShadowRoot = document): HTMLElement | null {
  let element = root.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element instanceof HTMLElement && element !== document.body ? element : null;
}

/** Focusable controls under `root`, in tab order, descending into open shadow roots. */
export function tabbables(root: ParentNode): HTMLElement[] {
  const found: HTMLElement[] = [];
  const visit = (node: ParentNode) => {
    for (const child of Array.from(node.children)) {
      const el = child as HTMLElement;
      if (el.shadowRoot) visit(el.shadowRoot);
      const focusable =
        el.matches('button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), a[href], [tabindex]') &&
        el.tabIndex >= 0 &&
        !el.closest('[hidden]');
      if (focusable) found.push(el);
      visit(el);
    }
  };
  visit(root);
  return found;
}

/** Keeps Tab and Shift+Tab inside `root` (a dialog), wrapping at either end. */
export function trapTab(event: KeyboardEvent, root: ParentNode): void {
  if (event.key !== 'Tab') return;
  const items = tabbables(root);
  if (items.length === 0) return;
  const active = deepActiveElement();
  const first = items[0]!;
  const last = items.at(-1)!;
  if (event.shiftKey && (active === first || !items.includes(active!))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !items.includes(active!))) {
    event.preventDefault();
    first.focus();
  }
}
