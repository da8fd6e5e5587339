// Warming IPs against the warm-up schedule: too slow wastes the IP, too fast hurts its reputation.
import { fill, rows } from '../lib/dom.js';
import { count, pct, words } from '../lib/format.js';
import { loadCost } from './cost.js';

export default {
  id: 'warmup',
  title: 'IP warm-up',
  template: 'tpl-warmup',
  size: 'half',
  refreshSeconds: 60,

  load: loadCost,

  render(root, cost) {
    const w = cost.warmup;
    fill(root, {
      schedule: 'Schedule: ' + count(w.schedule.first_day_target) + ' messages on day 1, × ' + w.schedule.daily_growth
        + ' a day, up to the IP\'s daily capacity. Behind: under 50 % of today\'s target; ahead: over 110 %.',
    });
    rows(root.querySelector('tbody'), 'tpl-warmup-row', w.ips, (row, ip) => {
      fill(row, {
        ip: ip.ip,
        started: 'since ' + (ip.warmup_started_on || '—'),
        day: ip.day,
        target_today: count(ip.target_today),
        sent_today: count(ip.sent_today),
        ratio: pct(ip.ratio, 0) + ' of target',
        status: words(ip.status),
        rates: pct(ip.bounce_rate) + ' / ' + pct(ip.spam_rate),
        complaints: count(ip.sent_7d) + ' sent, ' + count(ip.spam_complaints_7d) + ' complaints in 7 days',
      });
      row.dataset.ip = ip.ip;
      row.querySelector('.badge').dataset.status = ip.status;
    }, 'No IP is warming up.');
  },
};
