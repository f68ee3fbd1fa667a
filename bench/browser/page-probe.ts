// In-page instrumentation, installed before any script of the page runs: it timestamps every change
// of CSS.highlights (with the number of ranges registered after it) and every WebSocket message,
// and notes the first frame that shows the whole text with the expected number of highlights.
// These functions run in Chromium, not in Node: they may use only what they receive as arguments.

export interface HighlightChange {
  t: number;
  /** Ranges registered in all of CSS.highlights after this change. */
  total: number;
}

export interface SocketMessage {
  t: number;
  bytes: number;
  /** First byte: y-websocket's message type (0 sync, 1 awareness); -1 for text frames. */
  kind: number;
}

/** Times in ms since navigation start (performance.now()). */
export interface FramePainted {
  /** First highlight change of the final run of changes that reached the target. */
  registeredAt: number;
  /** Last highlight change before the frame. */
  lastChangeAt: number;
  /** The first animation frame that had the text and the target number of ranges. */
  frameAt: number;
  /** A task queued in that frame: runs once its style, layout and paint are done. */
  paintedAt: number;
}

export interface Probe {
  changes: HighlightChange[];
  messages: SocketMessage[];
  first: FramePainted | null;
  firstPainted: Promise<FramePainted>;
}

export interface ProbeConfig {
  /** Ranges the first complete render registers. */
  target: number;
  /** 'glossa': the text is in <glossa-annotator>; 'pre': in <pre id="text"> of a static page. */
  page: 'glossa' | 'pre';
  timeoutMs: number;
}

declare global {
  interface Window {
    __benchProbe: Probe;
  }
}

/** Passed to addInitScript. */
export function installProbe(config: ProbeConfig): void {
  const changes: HighlightChange[] = [];
  const messages: SocketMessage[] = [];
  const registry = CSS.highlights;
  const total = () => {
    let n = 0;
    registry.forEach((highlight) => (n += highlight.size));
    return n;
  };
  const proto = Object.getPrototypeOf(registry) as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['set', 'delete', 'clear']) {
    const original = proto[method]!;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      changes.push({ t: performance.now(), total: total() });
      return result;
    };
  }

  const NativeSocket = window.WebSocket;
  window.WebSocket = class RecordedSocket extends NativeSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Registered before the page's own onmessage, so it sees a message before it is processed.
      this.addEventListener('message', (event: MessageEvent) => {
        const data: unknown = event.data;
        const t = performance.now();
        if (data instanceof ArrayBuffer) messages.push({ t, bytes: data.byteLength, kind: data.byteLength ? new Uint8Array(data)[0]! : -1 });
        else if (data instanceof Blob) messages.push({ t, bytes: data.size, kind: -1 });
        else messages.push({ t, bytes: String(data).length, kind: -1 });
      });
    }
  };

  const textShown = (): boolean => {
    if (config.page === 'pre') return document.readyState !== 'loading' && !!document.getElementById('text')?.firstChild;
    const view = document.querySelector('glossa-annotator')?.shadowRoot?.querySelector('glossa-text-view');
    return (view?.shadowRoot?.querySelector('.text')?.childElementCount ?? 0) > 0;
  };

  let resolveFirst: (value: FramePainted) => void = () => {};
  let rejectFirst: (error: Error) => void = () => {};
  const probe: Probe = {
    changes,
    messages,
    first: null,
    firstPainted: new Promise<FramePainted>((resolve, reject) => {
      resolveFirst = resolve;
      rejectFirst = reject;
    }),
  };
  window.__benchProbe = probe;

  const started = performance.now();
  const tick = (frameAt: number) => {
    // rAF's own timestamp is the frame's start; performance.now() is when our callback runs.
    void frameAt;
    const now = performance.now();
    if (textShown() && total() === config.target) {
      let run = changes.length - 1;
      while (run > 0 && changes[run - 1]!.total === config.target) run--;
      const registeredAt = changes[run]?.t ?? now;
      const lastChangeAt = changes.at(-1)?.t ?? now;
      setTimeout(() => {
        probe.first = { registeredAt, lastChangeAt, frameAt: now, paintedAt: performance.now() };
        resolveFirst(probe.first);
      });
      return;
    }
    if (now - started > config.timeoutMs) {
      rejectFirst(new Error(`no frame with the text and ${config.target} highlights (${total()} registered) after ${config.timeoutMs} ms`));
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

export interface ChangeRequest {
  /** Same-origin URL to POST a JSON command to (Glossa), or null to call `window.__benchChange` (static pages). */
  url: string | null;
  body: unknown;
  /** Ranges registered once the change is shown. */
  target: number;
  timeoutMs: number;
}

export interface ChangeTiming {
  startedAt: number;
  /** When the HTTP response arrived (Glossa) or the call returned (static pages). */
  respondedAt: number;
  /** First y-websocket sync message after the start: the update arriving at this client. */
  updateArrivedAt: number | null;
  registeredAt: number;
  lastChangeAt: number;
  frameAt: number;
  paintedAt: number;
}

/** Passed to page.evaluate: makes one change and resolves once the frame showing it is painted. */
export async function timeChange(request: ChangeRequest): Promise<ChangeTiming> {
  const probe = window.__benchProbe;
  const changesBefore = probe.changes.length;
  const messagesBefore = probe.messages.length;
  const startedAt = performance.now();
  let respondedAt = 0;
  const sent = request.url
    ? fetch(request.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) }).then(async (response) => {
        respondedAt = performance.now();
        if (!response.ok) throw new Error(`POST ${request.url}: ${response.status} ${await response.text()}`);
      })
    : Promise.resolve((window as unknown as { __benchChange: (body: unknown) => void }).__benchChange(request.body)).then(() => {
        respondedAt = performance.now();
      });
  const shown = new Promise<Omit<ChangeTiming, 'respondedAt'>>((resolve, reject) => {
    const tick = () => {
      const now = performance.now();
      const reached = probe.changes.findIndex((c, i) => i >= changesBefore && c.total === request.target);
      if (reached !== -1 && probe.changes.at(-1)!.total === request.target) {
        const registeredAt = probe.changes[reached]!.t;
        const lastChangeAt = probe.changes.at(-1)!.t;
        const update = probe.messages.find((m, i) => i >= messagesBefore && m.kind === 0);
        setTimeout(() =>
          resolve({ startedAt, updateArrivedAt: update ? update.t : null, registeredAt, lastChangeAt, frameAt: now, paintedAt: performance.now() }),
        );
        return;
      }
      if (now - startedAt > request.timeoutMs) {
        reject(new Error(`highlights did not reach ${request.target} within ${request.timeoutMs} ms`));
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const [, timing] = await Promise.all([sent, shown]);
  return { ...timing, respondedAt };
}
