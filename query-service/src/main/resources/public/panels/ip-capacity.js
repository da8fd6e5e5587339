// Each SMTP IP's volume against its capacity today, its warm-up progress and its 7-day success rate.
import { css, ipShareBars } from '../lib/charts.js';
import { fill, rows } from '../lib/dom.js';
import { count, pct, words } from '../lib/format.js';

const BAND_COLOURS = { underused: 'orange', optimal: 'green', saturated: 'red' };

export default {
  id: 'ip-capacity',
  title: 'SMTP IPs: volume against capacity',
  template: 'tpl-ip-capacity',
  size: 'full',
  refreshSeconds: 60,

  load: (ctx) => ctx.get('/api/v1/utilization'),

  render(root, u) {
    const ips = u.ips;
    rows(root.querySelector('tbody'), 'tpl-ip-capacity-row', ips, (row, ip) => {
      fill(row, {
        ip: ip.ip,
        status: ip.status,
        sent_today: count(ip.sent_today),
        capacity_today: count(ip.capacity_today),
        avg_daily_sent: count(ip.avg_daily_sent),
        volume_vs_capacity: ip.volume_vs_capacity === null ? 'n/a' : pct(ip.volume_vs_capacity, 1),
        band: ip.band ? words(ip.band) : '',
        warmup: ip.warmup
          ? 'day ' + ip.warmup.day + ', ' + words(ip.warmup.status) + ': target ' + count(ip.warmup.target_today) + ' today, '
            + pct(ip.warmup.progress, 1) + ' of full capacity'
          : '—',
        success_rate: ip.success_rate === null ? 'n/a' : pct(ip.success_rate),
        success_inputs: count(ip.delivered_7d) + ' of ' + count(ip.sent_7d),
      });
      row.dataset.ip = ip.ip;
      const badge = row.querySelector('.badge');
      badge.dataset.band = ip.band || 'none';
      badge.hidden = !ip.band;
    }, 'No SMTP IPs are configured (table smtp_ip_addresses).');

    ipShareBars(root.querySelector('.bars'), ips, {
      name: 'volume ÷ capacity',
      share: (ip) => ip.volume_vs_capacity,
      colour: (ip) => (ip.status === 'warming' ? css('series-warming') : css(BAND_COLOURS[ip.band] || 'grey')),
      format: pct,
    });
  },
};
