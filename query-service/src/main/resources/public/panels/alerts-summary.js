// The firing alerts at a glance: how many of each severity (in the vocabulary's colours), how many
// nobody acknowledged, the oldest, and the five with the most revenue at risk.
import { severityColour } from '../lib/charts.js';
import { clone, fill, rows } from '../lib/dom.js';
import { ago, count, dateTime, dimensionName, money, words } from '../lib/format.js';
import { loadSummary } from './summary.js';

const SEVERITIES = ['critical', 'warning', 'monitor'];

export default {
  id: 'alerts-summary',
  title: 'Critical alerts',
  note: 'firing now',
  template: 'tpl-alerts-summary',
  size: 'half',
  refreshSeconds: 15,

  async load(ctx) {
    const [summary, vocabulary] = await Promise.all([loadSummary(ctx), ctx.vocabulary().catch(() => null)]);
    return { alerts: summary.alerts, asOf: summary.as_of, vocabulary };
  },

  render(root, { alerts, asOf, vocabulary }, ctx) {
    const firing = alerts.firing || {};
    root.querySelector('.severity-counts').replaceChildren(...SEVERITIES.map((s) => {
      const el = clone('tpl-severity-count');
      el.dataset.severity = s;
      el.style.setProperty('--severity-colour', severityColour(s, vocabulary));
      fill(el, { count: count(firing[s] || 0), severity: words(s) });
      return el;
    }));
    const total = SEVERITIES.reduce((sum, s) => sum + (firing[s] || 0), 0);
    fill(root, {
      unacknowledged: count(alerts.unacknowledged),
      unacknowledged_note: 'of ' + count(total) + ' firing not acknowledged',
    });

    const oldest = root.querySelector('.oldest');
    const o = alerts.oldest;
    oldest.hidden = !o;
    root.querySelector('.none-firing').hidden = Boolean(o);
    if (o) {
      fill(oldest, {
        sender: dimensionName(o.dimension) + ' ' + o.dimension_value,
        severity: words(o.severity),
        since: 'firing since ' + dateTime(o.started_at) + (asOf ? ' (' + ago((Date.parse(asOf) - Date.parse(o.started_at)) / 1000) + ')' : ''),
        revenue_risk_usd: money(o.revenue_risk_usd) + ' at risk',
        acknowledged: o.acknowledged_by ? 'acknowledged by ' + o.acknowledged_by : 'not acknowledged',
      });
      oldest.dataset.alert = o.alert_id;
      oldest.querySelector('.dot').style.background = severityColour(o.severity, vocabulary);
      oldest.querySelector('a').href = ctx.url('', { dimension: o.dimension, value: o.dimension_value });
    }

    rows(root.querySelector('tbody'), 'tpl-alert-summary-row', alerts.largest || [], (row, a) => {
      fill(row, {
        sender: dimensionName(a.dimension) + ' ' + a.dimension_value,
        severity: words(a.severity),
        started_at: dateTime(a.started_at),
        revenue_risk_usd: money(a.revenue_risk_usd),
        acknowledged: a.acknowledged_by ? a.acknowledged_by : 'no',
      });
      row.dataset.alert = a.alert_id;
      row.querySelector('.dot').style.background = severityColour(a.severity, vocabulary);
      row.querySelector('a').href = ctx.url('', { dimension: a.dimension, value: a.dimension_value });
    }, 'No alert is firing.');
  },
};
