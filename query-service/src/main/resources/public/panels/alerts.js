// Firing and recent alerts. Acknowledging is offered to operators and admins only (GET /api/v1/me),
// since the API refuses it to viewers.
import { clone, fill, rows } from '../lib/dom.js';
import { dateTime, dimensionName, money, words } from '../lib/format.js';

export default {
  id: 'alerts',
  title: 'Alerts',
  template: 'tpl-alerts',
  size: 'full',
  refreshSeconds: 10,

  async load(ctx) {
    const [alerts, me] = await Promise.all([ctx.get(ctx.url('/api/v1/alerts', { limit: 20 })), ctx.me()]);
    return { alerts: alerts.items, me };
  },

  render(root, { alerts, me }, ctx) {
    const mayAcknowledge = ctx.canAcknowledge(me);
    const waiting = alerts.filter((a) => a.status === 'firing' && !a.acknowledged_by).length;
    fill(root, {
      'role-note': !mayAcknowledge && waiting
        ? waiting + ' firing alert' + (waiting > 1 ? 's are' : ' is') + ' not acknowledged yet; acknowledging needs the operator role'
          + (me.name ? ' (you are ' + me.name + ', ' + me.role + ').' : '.')
        : '',
    });
    rows(root.querySelector('tbody'), 'tpl-alert-row', alerts, (row, a) => {
      fill(row, {
        status: a.status,
        severity: words(a.severity),
        sender: dimensionName(a.dimension) + ' ' + a.dimension_value,
        started_at: dateTime(a.started_at),
        revenue_risk_usd: money(a.revenue_risk_usd),
        acknowledged: a.acknowledged_by ? a.acknowledged_by + ', ' + dateTime(a.acknowledged_at) : '',
      });
      row.dataset.alert = a.alert_id;
      const dot = row.querySelector('.dot');
      dot.dataset.severity = a.severity;
      dot.style.background = 'var(--' + a.colour + ')'; // the API's colour of the severity
      row.querySelector('a').href = ctx.url('', { dimension: a.dimension, value: a.dimension_value });
      if (mayAcknowledge && a.status === 'firing' && !a.acknowledged_by) {
        const button = clone('tpl-ack-button');
        button.onclick = async () => {
          button.disabled = true;
          try {
            await ctx.post('/api/v1/alerts/' + encodeURIComponent(a.alert_id) + '/ack');
            ctx.refresh();
          } catch (e) {
            button.disabled = false;
            ctx.fail(e);
          }
        };
        row.querySelector('.action').append(button);
      }
    }, 'No alerts.');
  },
};
