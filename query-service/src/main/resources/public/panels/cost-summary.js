// The month's row of executive_business_summary: what the infrastructure costs, what it sent,
// the revenue it serves, each figure with the numbers it was computed from.
import { figures } from '../lib/dom.js';
import { count, money, pct, price } from '../lib/format.js';
import { loadCost } from './cost.js';

export default {
  id: 'cost-summary',
  title: 'Infrastructure cost this month',
  template: 'tpl-cost-summary',
  size: 'full',
  refreshSeconds: 60,

  load: loadCost,

  render(root, cost) {
    const s = cost.summary;
    const notice = root.querySelector('.notice');
    notice.hidden = s !== null;
    notice.textContent = s === null ? 'No cost figures for ' + cost.month + ': nothing was sent in that month.' : '';
    if (s === null) {
      figures(root.querySelector('.figures'), []);
      return;
    }
    const elapsed = pct(s.elapsed_fraction, 0) + ' of ' + cost.month + ' elapsed';
    figures(root.querySelector('.figures'), [
      { id: 'total_cost_usd', label: 'Infrastructure cost / month', value: money(s.total_cost_usd),
        inputs: money(s.vps_cost_usd) + ' servers + ' + money(s.smtp_ip_cost_usd) + ' SMTP IPs' },
      { id: 'emails_sent', label: 'Emails sent', value: count(s.emails_sent), inputs: elapsed },
      { id: 'cost_per_1000_usd', label: 'Cost per 1,000 emails', value: price(s.cost_per_1000_usd),
        inputs: s.cost_per_email_usd === null ? 'nothing sent yet'
          : money(s.total_cost_usd) + ' × ' + pct(s.elapsed_fraction, 0) + ' ÷ ' + count(s.emails_sent) + ' sent = ' + price(s.cost_per_email_usd) + ' per email' },
      { id: 'mrr_usd', label: 'Monthly recurring revenue', value: money(s.mrr_usd), inputs: 'active subscriptions' },
      { id: 'efficiency_ratio', label: 'Cost ÷ revenue', value: s.efficiency_ratio === null ? 'n/a' : pct(s.efficiency_ratio),
        inputs: money(s.total_cost_usd) + ' ÷ ' + money(s.mrr_usd) + ' MRR' },
    ]);
  },
};
