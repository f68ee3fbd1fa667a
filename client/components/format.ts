// Small display helpers shared by the components.

const rtf = typeof Intl !== 'undefined' ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;

export function relativeTime(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then) || !rtf) return iso;
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, 'second') === 'now' ? 'just now' : rtf.format(seconds, 'second');
  if (abs < 2700) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 64800) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 2592000) return rtf.format(Math.round(seconds / 86400), 'day');
  return new Date(then).toLocaleDateString();
}

export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The exact local date and time, for a tooltip next to a relative time. */
export function exactTime(iso: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? iso : new Date(then).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A moment of the history, to the second: changes a few seconds apart read apart. */
export function momentTime(iso: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? iso : new Date(then).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
