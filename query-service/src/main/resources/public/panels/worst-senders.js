// The worst sending domains, accounts and IPs: severity first, then revenue at risk.
import { fill, rows } from '../lib/dom.js';
import { dimensionName, money, pct, words } from '../lib/format.js';

const DIMENSIONS = ['sending_domain', 'account', 'sending_ip'];

export default {
  id: 'worst-senders',
  title: 'Worst senders',
  template: 'tpl-worst-senders',
  size: 'full',
  refreshSeconds: 15,

  async load(ctx) {
    const tops = await Promise.all(DIMENSIONS.map((d) => ctx.get(ctx.url('/api/v1/risk/top', { dimension: d, limit: 5 }))));
    return Object.fromEntries(DIMENSIONS.map((d, i) => [d, tops[i].items]));
  },

  render(root, tops, ctx) {
    for (const dimension of DIMENSIONS) {
      rows(root.querySelector('tbody[data-dimension="' + dimension + '"]'), 'tpl-sender-row', tops[dimension], (row, g) => {
        fill(row, { value: g.value, bounce_rate: pct(g.bounce_rate), spam_rate: pct(g.spam_rate), revenue_risk_usd: money(g.revenue_risk_usd) });
        row.querySelector('.dot').dataset.severity = g.severity;
        row.querySelector('.dot').style.background = 'var(--' + g.colour + ')'; // the API's colour of the severity
        row.querySelector('.dot').title = words(g.severity);
        row.querySelector('a').href = ctx.url('', { dimension, value: g.value });
      }, 'No ' + dimensionName(dimension) + ' evaluated yet.');
    }
  },
};
