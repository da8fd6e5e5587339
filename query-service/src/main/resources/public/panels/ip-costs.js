// Every SMTP IP: its cost, its volume against its capacity (or today's warm-up target) and its
// cost per 1,000 emails.
import { css, ipShareBars } from '../lib/charts.js';
import { fill, rows } from '../lib/dom.js';
import { count, money, pct, price, words } from '../lib/format.js';
import { loadCost } from './cost.js';

const BASIS = { daily_capacity: 'avg daily sent ÷ capacity', warmup_target: 'sent today ÷ warm-up target', retired: 'retired' };

export default {
  id: 'ip-costs',
  title: 'SMTP IPs: cost and utilization',
  template: 'tpl-ip-costs',
  size: 'full',
  refreshSeconds: 60,

  load: loadCost,

  render(root, cost) {
    const ips = cost.ips;
    const threshold = cost.underutilized.threshold;
    rows(root.querySelector('tbody'), 'tpl-ip-cost-row', ips, (row, ip) => {
      fill(row, {
        ip: ip.ip,
        where: [ip.sending_domain, ip.provider].filter(Boolean).join(', '),
        status: ip.status,
        cost: money(ip.approximate_cost_usd),
        daily_capacity: count(ip.daily_capacity),
        sent_7d: count(ip.sent_7d),
        avg_daily_sent: count(ip.avg_daily_sent),
        utilization: ip.utilization === null ? 'n/a' : pct(ip.utilization, 1),
        basis: BASIS[ip.utilization_basis] || words(ip.utilization_basis),
        cost_per_1000: price(ip.cost_per_1000_usd),
      });
      row.dataset.ip = ip.ip;
      row.querySelector('.badge').dataset.status = ip.status;
      const fillEl = row.querySelector('.meter-fill');
      fillEl.style.width = Math.min(100, (ip.utilization || 0) * 100) + '%';
      fillEl.dataset.low = ip.utilization !== null && ip.status === 'active' && ip.utilization < threshold;
    }, 'No SMTP IPs are configured (table smtp_ip_addresses).');

    ipShareBars(root.querySelector('.bars'), ips, {
      name: 'utilization',
      share: (ip) => ip.utilization,
      colour: (ip) => (ip.status === 'warming' ? css('series-warming') : ip.utilization < threshold ? css('orange') : css('series-sent')),
      format: pct,
      markLine: {
        silent: true, symbol: 'none',
        data: [{ xAxis: threshold, label: { position: 'start', formatter: 'underused below ' + pct(threshold, 0), color: css('muted'), fontSize: 10 }, lineStyle: { color: css('orange'), type: 'dashed' } }],
      },
    });
  },
};
