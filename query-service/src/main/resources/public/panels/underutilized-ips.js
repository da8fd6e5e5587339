// Active IPs used below the threshold over 7 days: what retiring them would save each month.
import { figures, fill, rows } from '../lib/dom.js';
import { count, money, pct } from '../lib/format.js';
import { loadCost } from './cost.js';

export default {
  id: 'underutilized-ips',
  title: 'Underutilized IPs',
  template: 'tpl-underutilized',
  size: 'half',
  refreshSeconds: 60,

  load: loadCost,

  render(root, cost) {
    const u = cost.underutilized;
    figures(root.querySelector('.figures'), [
      { id: 'total_monthly_savings_usd', label: 'Savings if retired', value: money(u.total_monthly_savings_usd) + ' / month',
        inputs: u.ips.length + ' active IP' + (u.ips.length === 1 ? '' : 's') + ' below ' + pct(u.threshold, 0)
          + ' of daily capacity over 7 days; each saves its cost' },
    ]);
    rows(root.querySelector('tbody'), 'tpl-underutilized-row', u.ips, (row, ip) => {
      fill(row, {
        ip: ip.ip,
        utilization: pct(ip.utilization, 1),
        volume: count(ip.avg_daily_sent) + ' / ' + count(ip.daily_capacity),
        monthly_savings_usd: money(ip.monthly_savings_usd),
      });
      row.dataset.ip = ip.ip;
    }, 'No active IP is below ' + pct(u.threshold, 0) + ' of its capacity.');
  },
};
