// What to do next, each with its reason, its evidence and what it is worth.
import { clone, fill, setLocalLink } from '../lib/dom.js';
import { age, count, dateTime, money, pct, words } from '../lib/format.js';
import { loadEfficiency } from './efficiency.js';

const KINDS = { fix_sender: 'fix sender', retire_ip: 'retire IP', slow_warmup: 'slow warm-up', check_pipeline: 'check pipeline' };

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function evidenceValue(key, v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    if (key.endsWith('_usd')) return money(v);
    if (key.endsWith('_rate') || key === 'utilization' || key === 'ratio' || key === 'threshold') return pct(v);
    if (key.endsWith('_seconds')) return age(v);
    return Number.isInteger(v) ? count(v) : v.toLocaleString('en-US', { maximumFractionDigits: 3 });
  }
  if (typeof v === 'string' && ISO_TIME.test(v)) return dateTime(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export default {
  id: 'recommendations',
  title: 'Recommendations',
  template: 'tpl-recommendations',
  size: 'two-thirds',
  refreshSeconds: 60,

  load: loadEfficiency,

  render(root, e) {
    const list = root.querySelector('ol');
    root.querySelector('.empty-note').hidden = e.recommendations.length > 0;
    list.replaceChildren(...e.recommendations.map((r) => {
      const item = clone('tpl-recommendation');
      item.dataset.kind = r.kind;
      fill(item, {
        kind: KINDS[r.kind] || words(r.kind),
        title: r.title,
        reason: r.reason,
        expected_value: r.expected_value_usd === null || r.expected_value_usd === undefined ? '' : 'Expected value: ' + money(r.expected_value_usd),
      });
      item.querySelector('.badge').dataset.kind = r.kind;
      item.querySelector('.evidence').replaceChildren(...Object.entries(r.evidence || {}).map(([k, v]) => {
        const pair = clone('tpl-evidence');
        fill(pair, { key: words(k.replace(/_usd$/, '')), value: evidenceValue(k, v) });
        return pair;
      }));
      setLocalLink(item.querySelector('a'), r.link);
      return item;
    }));
  },
};
