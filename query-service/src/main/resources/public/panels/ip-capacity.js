// Each SMTP IP's volume against its capacity today, its warm-up progress and its 7-day success rate.
import { chartIn, css, textStyle } from '../lib/charts.js';
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

    const chartEl = root.querySelector('.bars');
    const measured = ips.filter((ip) => ip.volume_vs_capacity !== null);
    chartEl.hidden = measured.length === 0;
    if (!measured.length) return;
    chartEl.style.height = 56 + 26 * measured.length + 'px';
    const axisText = { color: css('muted'), fontSize: 11 };
    chartIn(chartEl).setOption({
      textStyle: textStyle(),
      animation: false,
      grid: { left: 120, right: 48, top: 24, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => pct(v, 1) },
      xAxis: { type: 'value', min: 0, max: (v) => Math.max(1, Math.ceil(v.max * 10) / 10), axisLabel: Object.assign({ formatter: (v) => pct(v, 0) }, axisText), splitLine: { lineStyle: { color: css('grid-line') } } },
      yAxis: { type: 'category', inverse: true, data: measured.map((ip) => ip.ip), axisLabel: axisText },
      series: [{
        type: 'bar',
        name: 'volume ÷ capacity',
        barMaxWidth: 16,
        data: measured.map((ip) => ({ value: ip.volume_vs_capacity, itemStyle: { color: ip.status === 'warming' ? css('series-warming') : css(BAND_COLOURS[ip.band] || 'grey') } })),
        label: { show: true, position: 'right', formatter: (p) => pct(p.value, 1), color: css('text'), fontSize: 11 },
      }],
    });
  },
};
