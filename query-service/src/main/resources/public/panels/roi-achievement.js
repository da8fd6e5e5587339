// ROI achievement of the cost_optimization decisions: what each was expected to save a month (the
// value of reaching its targets) against what it saves (the value of the actual KPIs).
import { figures, fill, rows, setLocalLink } from '../lib/dom.js';
import { keyName, measure, money, pct, words } from '../lib/format.js';
import { loadCost } from './cost.js';

const known = (v) => v !== null && v !== undefined;

function outcomeText(o) {
  return keyName(o.kpi) + ' ' + measure(o.kpi, o.baseline) + ' → ' + measure(o.kpi, o.actual) + ' (target ' + measure(o.kpi, o.target) + ')';
}

export default {
  id: 'roi-achievement',
  title: 'ROI achievement of cost decisions',
  template: 'tpl-roi-achievement',
  size: 'full',
  refreshSeconds: 60,

  load: loadCost,

  render(root, cost, ctx) {
    const a = cost.roi_achievement;
    const notice = root.querySelector('.notice');
    notice.hidden = Boolean(a);
    notice.textContent = a ? '' : 'The cost answer carries no ROI achievement.';
    root.querySelector('table').hidden = !a;
    if (!a) {
      figures(root.querySelector('.figures'), []);
      return;
    }
    const achieved = known(a.actual_savings_per_month_usd) && a.expected_savings_per_month_usd ? a.actual_savings_per_month_usd / a.expected_savings_per_month_usd : null;
    figures(root.querySelector('.figures'), [
      { id: 'expected_savings_per_month_usd', label: 'Expected savings', value: money(a.expected_savings_per_month_usd) + ' / month',
        inputs: a.decisions.length + ' cost decision' + (a.decisions.length === 1 ? '' : 's') + ', every target reached' },
      { id: 'actual_savings_per_month_usd', label: 'Actual savings', value: money(a.actual_savings_per_month_usd) + ' / month',
        inputs: achieved === null ? 'from the actual KPIs' : pct(achieved, 0) + ' of expected, from the actual KPIs' },
    ]);
    rows(root.querySelector('tbody'), 'tpl-roi-row', a.decisions, (row, d) => {
      fill(row, {
        title: d.title || d.decision_id,
        outcomes: (d.outcomes || []).map(outcomeText).join('; '),
        status: words(d.status),
        cost_usd: money(d.cost_usd),
        expected: money(d.expected_savings_per_month_usd),
        actual: money(d.actual_savings_per_month_usd),
        achievement: known(d.achievement) ? pct(d.achievement, 0) : 'n/a',
      });
      row.dataset.decision = d.decision_id;
      setLocalLink(row.querySelector('a'), ctx.localHref('#decision-' + d.decision_id));
      row.querySelector('a').hidden = false;
      const meter = row.querySelector('.meter-fill');
      meter.style.width = (known(d.achievement) ? Math.min(1, Math.max(0, d.achievement)) * 100 : 0) + '%';
      meter.dataset.low = known(d.achievement) && d.achievement < 0.8;
      meter.dataset.good = known(d.achievement) && d.achievement >= 1;
    }, 'No decision of type cost optimization is recorded.');
  },
};
