// The summary's KPIs over the last 24 h: each with the 24 h before, the change with an arrow coloured
// by whether it improved (a rise of the bounce rate is worse, of deliverability better), and its inputs.
import { clone, fill } from '../lib/dom.js';
import { dateTime, measure, measureChange, pairs, words } from '../lib/format.js';
import { loadSummary } from './summary.js';

function arrow(change) {
  if (change === null || change === undefined) return '';
  return change > 0 ? '▲' : change < 0 ? '▼' : '=';
}

export default {
  id: 'kpis',
  title: 'Key figures',
  note: 'last 24 h against the 24 h before',
  template: 'tpl-kpis',
  size: 'half',
  refreshSeconds: 30,

  load: loadSummary,

  render(root, summary) {
    const period = dateTime(summary.period.from) + ' to ' + dateTime(summary.period.to);
    const before = dateTime(summary.previous_period.from) + ' to ' + dateTime(summary.previous_period.to);
    root.querySelector('.kpi-list').replaceChildren(...summary.kpis.map((k) => {
      const el = clone('tpl-kpi');
      el.dataset.kpi = k.kpi;
      const value = measure(k.kpi, k.value, k.unit);
      const previous = measure(k.kpi, k.previous, k.unit);
      const hasChange = k.change !== null && k.change !== undefined;
      fill(el, {
        label: k.label || words(k.kpi),
        value,
        arrow: arrow(k.change),
        change: k.direction === 'no_data' || !hasChange ? '' : measureChange(k.kpi, k.change, k.unit),
        previous: k.previous === null || k.previous === undefined ? 'no value the 24 h before' : 'previous ' + previous,
        inputs: pairs(k.inputs),
      });
      el.querySelector('.change').dataset.direction = k.direction;
      el.title = (k.label || words(k.kpi)) + ': ' + value + ' (' + period + '); ' + previous + ' the 24 h before (' + before + '); '
        + (k.better === 'lower' ? 'lower' : 'higher') + ' is better: ' + words(k.direction)
        + (k.inputs && Object.keys(k.inputs).length ? '. Inputs: ' + pairs(k.inputs) : '');
      return el;
    }));
  },
};
