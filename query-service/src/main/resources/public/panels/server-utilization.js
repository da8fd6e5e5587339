// The servers' CPU, memory, disk and network from Prometheus; without it, the reason, plainly.
import { fill, rows } from '../lib/dom.js';
import { money, pct, words } from '../lib/format.js';

function resource(r) {
  if (!r || (r.last_hour === null && r.peak_7d === null)) return '—';
  return (r.last_hour === null ? '—' : pct(r.last_hour, 0)) + ' (' + (r.peak_7d === null ? '—' : pct(r.peak_7d, 0)) + ')';
}

export default {
  id: 'server-utilization',
  title: 'Servers',
  template: 'tpl-server-utilization',
  size: 'full',
  refreshSeconds: 60,

  load: (ctx) => ctx.get('/api/v1/utilization'),

  render(root, u) {
    const notice = root.querySelector('.source');
    notice.dataset.source = u.source;
    notice.textContent = u.source === 'prometheus'
      ? 'Source: Prometheus (node exporter metrics of each server\'s metrics instance).'
      : 'Source: unavailable — ' + (u.reason || 'no reason given') + '. Server metrics are shown once Prometheus answers.';
    rows(root.querySelector('tbody'), 'tpl-server-row', u.vps, (row, v) => {
      fill(row, {
        name: v.name,
        where: [v.instance_id, v.provider, v.region].filter(Boolean).join(', '),
        monthly_cost_usd: money(v.monthly_cost_usd),
        cpu: resource(v.cpu),
        memory: resource(v.memory),
        disk: resource(v.disk),
        network: resource(v.network),
        utilization: v.utilization === null ? '—' : pct(v.utilization, 0),
        band: v.band ? words(v.band) : '',
        detail: v.detail || (v.metrics_instance ? '' : 'no metrics instance configured'),
      });
      row.dataset.instance = v.instance_id;
      const badge = row.querySelector('.badge');
      badge.dataset.band = v.band || 'none';
      badge.hidden = !v.band;
    }, 'No servers are configured (table vps_instances).');
  },
};
