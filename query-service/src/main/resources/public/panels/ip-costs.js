// Every SMTP IP: its cost, its volume against its capacity (or today's warm-up target) and its
// cost per 1,000 emails.
import { chartIn, css, textStyle } from '../lib/charts.js';
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

    const chartEl = root.querySelector('.bars');
    const measured = ips.filter((ip) => ip.utilization !== null);
    chartEl.hidden = measured.length === 0;
    if (!measured.length) return;
    chartEl.style.height = 56 + 26 * measured.length + 'px';
    const axisText = { color: css('muted'), fontSize: 11 };
    chartIn(chartEl).setOption({
      textStyle: textStyle(),
      animation: false,
      grid: { left: 120, right: 48, top: 28, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => pct(v, 1) },
      xAxis: { type: 'value', min: 0, max: (v) => Math.max(1, Math.ceil(v.max * 10) / 10), axisLabel: Object.assign({ formatter: (v) => pct(v, 0) }, axisText), splitLine: { lineStyle: { color: css('grid-line') } } },
      yAxis: { type: 'category', inverse: true, data: measured.map((ip) => ip.ip), axisLabel: axisText },
      series: [{
        type: 'bar',
        name: 'utilization',
        barMaxWidth: 16,
        data: measured.map((ip) => ({
          value: ip.utilization,
          itemStyle: { color: ip.status === 'warming' ? css('series-warming') : ip.utilization < threshold ? css('orange') : css('series-sent') },
        })),
        label: { show: true, position: 'right', formatter: (p) => pct(p.value, 1), color: css('text'), fontSize: 11 },
        markLine: {
          silent: true, symbol: 'none',
          data: [{ xAxis: threshold, label: { position: 'start', formatter: 'underused below ' + pct(threshold, 0), color: css('muted'), fontSize: 10 }, lineStyle: { color: css('orange'), type: 'dashed' } }],
        },
      }],
    });
  },
};
