// How a recorded change came: null for one a client wrote over its socket; otherwise the change the
// server made for someone. 'condensed' is a day of old changes kept as one (history retention).

export const changeSources = ['created', 'command', 'revision', 'import', 'restore', 'condensed'] as const;
export type ChangeSource = (typeof changeSources)[number];
