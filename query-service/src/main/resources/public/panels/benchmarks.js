// The period's rates and cost per 1,000 against the configured benchmarks.
import { fill, rows } from '../lib/dom.js';
import { pct, price } from '../lib/format.js';
import { loadEfficiency } from './efficiency.js';

const METRICS = {
  deliverability_rate: { label: 'Deliverability rate', show: (v) => pct(v) },
  bounce_rate: { label: 'Bounce rate', show: (v) => pct(v) },
  spam_rate: { label: 'Spam rate', show: (v) => pct(v) },
  cost_per_1000_usd: { label: 'Cost per 1,000 emails', show: (v) => price(v) },
};
const VERDICTS = { better: 'better', worse: 'worse', no_data: 'no data' };

export default {
  id: 'benchmarks',
  title: 'Benchmarks',
  template: 'tpl-benchmarks',
  size: 'third',
  refreshSeconds: 60,

  load: loadEfficiency,

  render(root, e) {
    rows(root.querySelector('tbody'), 'tpl-benchmark-row', e.benchmarks, (row, b) => {
      const m = METRICS[b.metric] || { label: b.metric, show: String };
      fill(row, {
        metric: m.label,
        value: b.value === null ? 'n/a' : m.show(b.value),
        benchmark: b.comparison.replace('>=', '≥').replace('<=', '≤') + ' ' + m.show(b.benchmark),
        verdict: VERDICTS[b.verdict] || b.verdict,
      });
      row.dataset.metric = b.metric;
      row.querySelector('.badge').dataset.verdict = b.verdict;
    }, 'No benchmarks configured.');
  },
};
