// How figures read on the page: dollars with cents, rates as percentages, ages in words.
const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

const missing = (n) => n === null || n === undefined || Number.isNaN(Number(n));

/** $1,234.56 */
export const money = (n) => (missing(n) ? '—' : USD.format(Number(n)));

/** A price below a cent keeps three significant digits: $0.000412. */
export const price = (n) => {
  if (missing(n)) return '—';
  const v = Number(n);
  return Math.abs(v) >= 0.01 || v === 0 ? USD.format(v) : '$' + v.toPrecision(3);
};

/** 0.1234 → 12.34% */
export const pct = (r, digits = 2) => (missing(r) ? 'n/a' : (Number(r) * 100).toFixed(digits) + '%');

export const count = (n) => (missing(n) ? '—' : COUNT.format(Number(n)));

/** 0.91234 → 0.912 */
export const ratio = (n, digits = 3) => (missing(n) ? '—' : Number(n).toFixed(digits));

/** 12 s ago, 3 min ago, 2 h 5 min ago, 3 d ago */
export function ago(seconds) {
  return age(seconds) + ' ago';
}

export function age(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds)));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min';
  if (s < 86400) {
    const m = Math.floor((s % 3600) / 60);
    return Math.floor(s / 3600) + ' h' + (m ? ' ' + m + ' min' : '');
  }
  return Math.floor(s / 86400) + ' d';
}

/** 24 Nov, 12:00 UTC */
export const dateTime = (iso) => (iso ? DATE_TIME.format(new Date(iso)) + ' UTC' : '—');

export const time = (iso) => (iso ? TIME.format(new Date(iso)) : '—');

/** sending_domain → sending domain, on_schedule → on schedule */
export const words = (s) => (s === null || s === undefined ? '—' : String(s).replaceAll('_', ' '));

const DIMENSION_NAMES = { all: 'all traffic', account: 'account', sending_domain: 'sending domain', sending_ip: 'sending IP',
  provider: 'provider', recipient_domain: 'recipient domain' };

/** sending_ip → sending IP */
export const dimensionName = (d) => DIMENSION_NAMES[d] || words(d);
