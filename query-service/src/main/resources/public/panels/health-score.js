// The business health score, 100 × (0.4 S + 0.3 E + 0.2 P + 0.1 A): the score in its band's colour and
// each term with its weight, its value in 0..1, the points it earns and the inputs it came from.
import { clone, fill } from '../lib/dom.js';
import { count, dateTime, pairs, ratio, words } from '../lib/format.js';
import { loadSummary } from './summary.js';

const TERMS = [
  { key: 'severity', letter: 'S', name: 'Severity of all traffic', colour: 'series-s' },
  { key: 'efficiency', letter: 'E', name: 'Efficiency', colour: 'series-e' },
  { key: 'reputation', letter: 'P', name: 'IP reputation', colour: 'series-p' },
  { key: 'alerts', letter: 'A', name: 'Firing alerts', colour: 'series-a' },
];

// The score's bands: the page's reading of the number, in the severity palette.
const BANDS = [
  { name: 'good', from: 80 },
  { name: 'fair', from: 60 },
  { name: 'poor', from: 40 },
  { name: 'critical', from: -Infinity },
];
export const bandOf = (score) => BANDS.find((b) => Number(score) >= b.from).name;

const known = (v) => v !== null && v !== undefined;

function explain(key, inputs) {
  inputs = inputs || {};
  switch (key) {
    case 'severity':
      if (known(inputs.severity)) return 'all traffic is ' + words(inputs.severity);
      break;
    case 'efficiency':
      if (known(inputs.efficiency_score)) return 'the score is ' + Number(inputs.efficiency_score).toFixed(1);
      break;
    case 'reputation':
      if (known(inputs.sent_high_or_medium) && known(inputs.sent_all_ips)) {
        return count(inputs.sent_high_or_medium) + ' of ' + count(inputs.sent_all_ips) + ' sent in 7 days from IPs rated high or medium';
      }
      break;
    case 'alerts':
      if (known(inputs.critical) && known(inputs.warning)) return count(inputs.critical) + ' critical and ' + count(inputs.warning) + ' warning alerts firing';
      break;
    default:
  }
  return pairs(inputs);
}

export default {
  id: 'health-score',
  title: 'Business health score',
  note: '80+ good · 60+ fair · 40+ poor · below 40 critical',
  template: 'tpl-health-score',
  size: 'half',
  refreshSeconds: 30,

  load: loadSummary,

  render(root, summary) {
    const h = summary.health;
    const band = bandOf(h.score);
    const score = root.querySelector('.score-chip');
    fill(root, {
      score: Number(h.score).toFixed(1),
      band,
      formula: h.formula,
      period: 'Last 24 h: ' + dateTime(summary.period.from) + ' to ' + dateTime(summary.period.to),
    });
    score.dataset.band = band;
    score.dataset.score = h.score;

    // With S left out (all traffic has too little data) its weight is 0 and the others are scaled up;
    // points are reckoned over the weights that count, so they add up to the score either way.
    const counted = TERMS.filter((t) => h.terms[t.key] && known(h.terms[t.key].value) && h.terms[t.key].weight > 0);
    const weightSum = counted.reduce((sum, t) => sum + h.terms[t.key].weight, 0) || 1;
    const severityLeftOut = !counted.some((t) => t.key === 'severity');
    const note = root.querySelector('.reweighted');
    note.hidden = !severityLeftOut;
    note.textContent = severityLeftOut
      ? 'S is left out: all traffic has too little data for a severity (insufficient data). The other weights are scaled up: 100 × (0.3 × E + 0.2 × P + 0.1 × A) ÷ 0.6.'
      : '';

    root.querySelector('.terms').replaceChildren(...TERMS.map((t) => {
      const term = h.terms[t.key] || { weight: 0, value: null, inputs: {} };
      const el = clone('tpl-score-term');
      el.dataset.term = t.key;
      el.style.setProperty('--term-colour', 'var(--' + t.colour + ')');
      const inPlay = counted.includes(t);
      fill(el, {
        name: t.letter + ' · ' + t.name,
        weight: 'weight ' + Number(Number(term.weight).toFixed(3)) + (inPlay && Math.abs(weightSum - 1) > 1e-9 ? ' (scaled to ' + ratio(term.weight / weightSum, 2) + ')' : ''),
        value: inPlay ? ratio(term.value, 2) : 'left out',
        points: inPlay ? '= ' + (100 * term.weight * term.value / weightSum).toFixed(1) + ' points' : '',
        inputs: (term.rule ? term.rule + ' — ' : '') + explain(t.key, term.inputs),
      });
      return el;
    }));
  },
};
