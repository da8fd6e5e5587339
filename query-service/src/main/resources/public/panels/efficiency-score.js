// The efficiency score and its four terms, each with its weight, its value in 0..1 and its inputs.
import { chartIn, css, textStyle } from '../lib/charts.js';
import { clone, fill, rows } from '../lib/dom.js';
import { count, dateTime, pct, price, ratio, words } from '../lib/format.js';
import { loadEfficiency } from './efficiency.js';

const TERMS = [
  { key: 'deliverability', letter: 'D', name: 'Deliverability', colour: 'series-d' },
  { key: 'cost', letter: 'C', name: 'Cost efficiency', colour: 'series-c' },
  { key: 'utilization', letter: 'U', name: 'Resource utilization', colour: 'series-u' },
  { key: 'response', letter: 'R', name: 'Response time', colour: 'series-r' },
];

const minutes = (m) => (m === null || m === undefined ? '—' : Number(m).toFixed(1) + ' min');

function explain(key, inputs) {
  switch (key) {
    case 'deliverability':
      return count(inputs.delivered) + ' delivered ÷ ' + count(inputs.sent) + ' sent';
    case 'cost':
      return 'target ' + price(inputs.target_cost_per_email_usd) + ' per email; ' + inputs.month + ': '
        + (inputs.cost_per_email_usd === null || inputs.cost_per_email_usd === undefined ? 'nothing sent' : price(inputs.cost_per_email_usd) + ' per email');
    case 'utilization':
      return (inputs.resources.length ? inputs.resources.length + ' resources' : 'none measured')
        + '; f(u) = u ÷ 0.6 below 60 %, 1 up to 85 %, down to 0.5 at 100 %'
        + (inputs.vps_source && inputs.vps_source !== 'prometheus' ? '; server metrics ' + inputs.vps_source : '');
    case 'response':
      return (inputs.alerts === 0 ? 'no alerts' : inputs.alerts + ' alert' + (inputs.alerts === 1 ? '' : 's') + ', median '
        + minutes(inputs.median_minutes_to_acknowledge) + ' to acknowledge')
        + '; target ' + minutes(inputs.target_minutes) + ', 0 at ' + minutes(inputs.zero_at_minutes);
    default:
      return '';
  }
}

export default {
  id: 'efficiency-score',
  title: 'Efficiency score',
  template: 'tpl-efficiency-score',
  size: 'full',
  refreshSeconds: 60,

  load: loadEfficiency,

  render(root, e) {
    fill(root, {
      score: Number(e.score).toFixed(1),
      formula: e.formula,
      period: dateTime(e.from) + ' to ' + dateTime(e.to),
    });
    root.querySelector('.score').dataset.score = e.score;

    const terms = root.querySelector('.terms');
    terms.replaceChildren(...TERMS.map((t) => {
      const term = e.terms[t.key];
      const el = clone('tpl-efficiency-term');
      el.dataset.term = t.key;
      el.style.setProperty('--term-colour', 'var(--' + t.colour + ')');
      fill(el, {
        name: t.letter + ' · ' + t.name,
        weight: 'weight ' + term.weight,
        value: ratio(term.value),
        points: '= ' + (100 * term.weight * term.value).toFixed(1) + ' points',
        inputs: (term.rule ? term.rule + ' — ' : '') + explain(t.key, term.inputs),
      });
      if (t.key === 'utilization' && term.inputs.resources.length) {
        const table = el.querySelector('.resources');
        table.hidden = false;
        rows(table.querySelector('tbody'), 'tpl-resource-row', term.inputs.resources, (row, r) => {
          fill(row, { resource: (r.kind === 'vps' ? 'server ' : 'IP ') + r.id, utilization: pct(r.utilization, 1), score: ratio(r.score, 2) });
        });
      }
      return el;
    }));

    const points = TERMS.map((t) => 100 * e.terms[t.key].weight * e.terms[t.key].value);
    const lost = Math.max(0, 100 - points.reduce((a, b) => a + b, 0));
    chartIn(root.querySelector('.terms-bar')).setOption({
      textStyle: textStyle(),
      animation: false,
      grid: { left: 8, right: 8, top: 28, bottom: 4 },
      legend: { top: 0, left: 0, textStyle: { color: css('muted'), fontSize: 11 } },
      tooltip: { trigger: 'item', valueFormatter: (v) => v.toFixed(1) + ' points' },
      xAxis: { type: 'value', min: 0, max: 100, show: false },
      yAxis: { type: 'category', data: ['score'], show: false },
      series: TERMS.map((t, i) => ({
        name: t.letter + ' ' + words(t.key),
        type: 'bar',
        stack: 'score',
        barWidth: 26,
        itemStyle: { color: css(t.colour) },
        label: { show: points[i] >= 6, formatter: (p) => t.letter + ' ' + p.value.toFixed(1), color: '#fff', fontSize: 11 },
        data: [points[i]],
      })).concat([{
        name: 'not earned',
        type: 'bar',
        stack: 'score',
        itemStyle: { color: css('track') },
        label: { show: lost >= 6, formatter: (p) => p.value.toFixed(1) + ' not earned', color: css('muted'), fontSize: 11 },
        data: [lost],
      }]),
    });
  },
};
