// How figures read on the page: dollars with cents, rates as percentages, ages in words.
const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

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

/** 2026-04-15 (or an instant) → 15 Apr 2026 */
export const date = (iso) => (iso ? DATE.format(new Date(iso)) : '—');

/** sending_domain → sending domain, on_schedule → on schedule */
export const words = (s) => (s === null || s === undefined ? '—' : String(s).replaceAll('_', ' '));

const DIMENSION_NAMES = { all: 'all traffic', account: 'account', sending_domain: 'sending domain', sending_ip: 'sending IP',
  provider: 'provider', recipient_domain: 'recipient domain' };

/** sending_ip → sending IP */
export const dimensionName = (d) => DIMENSION_NAMES[d] || words(d);

const MINUS = '\u2212';
const signOf = (n) => (n > 0 ? '+' : n < 0 ? MINUS : '±');

/** A KPI's value as it reads: rates as percentages, dollars (prices below a cent keep three digits), counts. */
export function measure(kpi, v, unit) {
  if (missing(v)) return '—';
  if (unit === 'ratio' || (!unit && String(kpi).endsWith('_rate'))) return pct(v, kpi === 'spam_rate' ? 3 : 2);
  if (unit === 'usd' || (!unit && String(kpi).endsWith('_usd'))) return price(v);
  if (unit === 'count' || (!unit && kpi === 'sent')) return count(v);
  return Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A change of a KPI with its sign: +1.20 pp for rates (percentage points), +$12.00, −300. */
export function measureChange(kpi, change, unit) {
  if (missing(change)) return '—';
  const n = Number(change);
  if (n === 0) return 'no change';
  const size = Math.abs(n);
  if (unit === 'ratio' || (!unit && String(kpi).endsWith('_rate'))) return signOf(n) + (size * 100).toFixed(kpi === 'spam_rate' ? 3 : 2) + ' pp';
  return signOf(n) + measure(kpi, size, unit);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WORDY_KEYS = /(^|_)(severity|status|category|kind|trend|direction|band|verdict|kpi)$/;
const KPI_VALUES = new Set(['baseline', 'actual', 'target', 'value', 'previous', 'value_at_due']);

/** One input or evidence value, read by its key: dollars, rates, ages, counts, times; kpi names how KPI values read. */
export function detail(key, v, kpi) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    if (kpi && KPI_VALUES.has(key)) return measure(kpi, v);
    if (key.endsWith('_usd')) return price(v);
    if (key.endsWith('_rate') || key === 'utilization' || key === 'ratio' || key === 'threshold') return pct(v);
    if (key.endsWith('_seconds')) return age(v);
    return Number.isInteger(v) ? count(v) : v.toLocaleString('en-US', { maximumFractionDigits: 3 });
  }
  if (typeof v === 'string' && ISO_TIME.test(v)) return dateTime(v);
  if (typeof v === 'string' && ISO_DATE.test(v)) return date(v);
  if (Array.isArray(v)) return v.map((x) => detail(key, x, kpi)).join(', ');
  if (typeof v === 'object') return '(' + pairs(v) + ')';
  return WORDY_KEYS.test(key) ? words(v) : String(v); // ids such as alr_... keep their underscores
}

/** An inputs object as one readable line: "sent 1,000 · bounced 31" (nested objects in parentheses). */
export function pairs(inputs) {
  if (!inputs || typeof inputs !== 'object') return '';
  const kpi = typeof inputs.kpi === 'string' ? inputs.kpi : undefined;
  return Object.entries(inputs).map(([k, v]) => keyName(k) + ' ' + detail(k, v, kpi)).join(' · ');
}

/** An input's key as a label; the unit its value shows is left out: revenue_risk_usd → revenue risk. */
export const keyName = (k) => words(String(k).replace(/_(usd|seconds)$/, ''));
