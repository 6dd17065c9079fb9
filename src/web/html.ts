/** HTML that is already safe to emit. Everything else interpolated into `html` is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

type Value = SafeHtml | string | number | null | undefined | false | Value[];

const render = (value: Value): string => {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (value instanceof SafeHtml) return value.value;
  return escapeHtml(String(value));
};

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]!) : ''), ''));
}

export const formatBytes = (bytes: number, locale = 'vi-VN'): string => {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: 1 })} ${units[unit]}`;
};

export const formatCount = (n: number, locale = 'vi-VN'): string => n.toLocaleString(locale);

/** A timestamp as a calendar date in Viet Nam (the publisher's time zone). */
export const formatDate = (iso: string, locale = 'vi-VN'): string =>
  new Date(iso).toLocaleDateString(locale, {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: 'numeric',
    month: locale.startsWith('vi') ? '2-digit' : 'short',
    year: 'numeric',
  });

/** The ISO date (YYYY-MM-DD) of a timestamp in Viet Nam (UTC+7, no daylight saving). */
export const isoDate = (iso: string): string => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);

/** Metadata URLs become links only with a web scheme: escaping alone would let `javascript:` through. */
export const webUrl = (url: string): string | undefined => (/^https?:\/\//i.test(url) ? url : undefined);
