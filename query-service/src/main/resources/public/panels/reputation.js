// IP and sending-domain reputation over the trailing 7 days (daily rollups), after Google Postmaster's
// categories: each value's category in its colour, score, rates and volume, and the trend against the
// 7 days before. One dimension at a time; the toggle switches between IPs and domains.
import { clone, fill, rows } from '../lib/dom.js';
import { count, date, dimensionName, pct, words } from '../lib/format.js';

const DIMENSIONS = ['sending_ip', 'sending_domain'];
const CATEGORIES = ['bad', 'low', 'medium', 'high', 'insufficient_data'];
const TRENDS = { declining: '▼ declining', improving: '▲ improving', steady: '= steady', new: 'new' };

const known = (v) => v !== null && v !== undefined;

export default {
  id: 'reputation',
  title: 'IP and domain reputation',
  note: 'trailing 7 days against the 7 days before',
  template: 'tpl-reputation',
  size: 'full',
  refreshSeconds: 60,

  load(ctx) {
    ctx.reputationDimension ??= DIMENSIONS.includes(ctx.params.get('reputation')) ? ctx.params.get('reputation') : 'sending_ip';
    return ctx.get(ctx.url('/api/v1/reputation', { dimension: ctx.reputationDimension }));
  },

  render(root, r, ctx) {
    for (const button of root.querySelectorAll('.toggle button')) {
      button.setAttribute('aria-pressed', String(button.dataset.dimension === r.dimension));
      button.onclick = () => {
        if (ctx.reputationDimension === button.dataset.dimension) return;
        ctx.reputationDimension = button.dataset.dimension;
        ctx.refresh();
      };
    }
    root.dataset.dimension = r.dimension;

    const counts = r.counts || {};
    root.querySelector('.category-counts').replaceChildren(...CATEGORIES.map((c) => {
      const el = clone('tpl-category-count');
      el.dataset.category = c;
      fill(el, { text: count(counts[c] || 0) + ' ' + words(c) });
      return el;
    }));

    const t = r.thresholds || {};
    const limit = (c) => (t[c] ? 'spam ≥ ' + pct(t[c].spam_rate, 2) + ' or bounce ≥ ' + pct(t[c].bounce_rate, 0) : '');
    fill(root, {
      dimension: dimensionName(r.dimension),
      window: r.window ? '7 days ' + date(r.window.from) + ' to ' + date(r.window.to) + ', compared with ' + date(r.previous_window.from)
        + ' to ' + date(r.previous_window.to) + '. Spam rate = complaints ÷ delivered, bounce rate = bounced ÷ sent.' : '',
      rule: 'Category: bad ' + limit('bad') + '; low ' + limit('low') + '; medium ' + limit('medium') + '; high otherwise; insufficient data under '
        + count(t.min_sent) + ' sent in 7 days. Score = ' + r.formula + '.',
    });

    rows(root.querySelector('tbody'), 'tpl-reputation-row', r.values, (row, v) => {
      const p = v.previous;
      fill(row, {
        value: v.value,
        category: words(v.category),
        score: known(v.score) ? String(v.score) : '—',
        sent: count(v.sent),
        per_day: '≈ ' + count(v.sent / 7) + ' / day',
        bounce_rate: pct(v.bounce_rate),
        bounced: count(v.bounced) + ' bounced',
        spam_rate: pct(v.spam_rate, 3),
        spam_complaints: count(v.spam_complaints) + ' complaints',
        trend: TRENDS[v.trend] || words(v.trend),
        previous: p ? words(p.category) + (known(p.score) ? ', score ' + p.score : '') : 'no sends',
        previous_rates: p ? count(p.sent) + ' sent · bounce ' + pct(p.bounce_rate) + ' · spam ' + pct(p.spam_rate, 3) : '',
      });
      row.dataset.value = v.value;
      row.querySelector('.category').dataset.category = v.category;
      row.querySelector('.trend').dataset.trend = v.trend;
      row.querySelector('a').href = ctx.url('', { dimension: r.dimension, value: v.value });
    }, 'No ' + dimensionName(r.dimension) + ' sent anything in the last 14 days.');
  },
};
