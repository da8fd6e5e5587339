// The strategic decision log: each decision with its review flag, and per expected outcome the actual
// KPI over 7 days in the decision's scope, the progress towards the target (a bar in the status's
// colour, with a mark at the elapsed share of the time to due), the projection at due with the
// daily values it was fitted to, and the decision's ROI with the terms it came from.
import { chartIn, css, disposeCharts, textStyle } from '../lib/charts.js';
import { clone, figures, fill, rows } from '../lib/dom.js';
import { count, date, dateTime, dimensionName, keyName, measure, money, pairs, pct, price, words } from '../lib/format.js';

const REVIEW = { overdue: 'review overdue', due_soon: 'review due soon' };
const STATUS_COLOUR = { achieved: 'green', on_track: 'teal', at_risk: 'orange', missed: 'red' };

const known = (v) => v !== null && v !== undefined;

function clamp01(v) {
  return Math.min(1, Math.max(0, Number(v)));
}

// A decision linked from elsewhere (#decision-<id>) is scrolled to once it is on the page.
let scrolledTo = null;
function scrollToLinkedDecision() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (!hash.startsWith('decision-') || scrolledTo === hash) return;
  const el = document.getElementById(hash);
  if (el) {
    scrolledTo = hash;
    el.scrollIntoView({ block: 'start' });
  }
}
window.addEventListener('hashchange', () => {
  scrolledTo = null;
});

function projectionText(o) {
  const p = o.projection || {};
  if (!known(p.value_at_due)) return { value: '—', detail: p.reason || 'no projection' };
  const slope = known(p.slope_per_day) ? measure(o.kpi, p.slope_per_day).replace(/^(?=\d)/, '+') + ' a day, ' : '';
  return { value: measure(o.kpi, p.value_at_due), detail: slope + count(p.points) + ' daily values' };
}

function sparkline(el, o) {
  const daily = (o.projection && o.projection.daily) || [];
  el.hidden = daily.length < 2;
  el.closest('td').dataset.points = daily.length;
  if (daily.length < 2) return;
  chartIn(el).setOption({
    textStyle: textStyle(),
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => measure(o.kpi, v), textStyle: { fontSize: 11 } },
    xAxis: { type: 'category', show: false, boundaryGap: false, data: daily.map((d) => date(d.day)) },
    yAxis: { type: 'value', show: false, scale: true,
      min: (v) => Math.min(v.min, o.target), max: (v) => Math.max(v.max, o.target) },
    series: [{
      type: 'line', name: words(o.kpi), symbol: 'none', lineStyle: { width: 1.5, color: css(STATUS_COLOUR[o.status] || 'grey') },
      data: daily.map((d) => d.value),
      markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: css('muted'), type: 'dashed', width: 1 },
        data: [{ yAxis: o.target }] },
    }],
  });
}

function roiText(roi) {
  if (!roi) return { figures: 'ROI: not reported', terms: '' };
  const value = known(roi.value_per_month_usd) ? money(roi.value_per_month_usd) + ' a month' : 'no dollar value';
  const cost = known(roi.cost_usd) ? money(roi.cost_usd) : 'no cost recorded';
  const ratio = known(roi.roi) ? pct(roi.roi, 0) : 'n/a';
  const terms = (roi.terms || []).map((t) => keyName(t.kpi) + ': ' + (!known(t.actual) ? 'no actual value yet'
    : measure(t.kpi, t.baseline) + ' → ' + measure(t.kpi, t.actual)
      + (!known(t.value_per_month_usd) ? ', no dollar value'
        : (known(t.price_usd) ? ' at ' + price(t.price_usd) + ' an email' : '') + ' = ' + money(t.value_per_month_usd) + ' a month')));
  if (known(roi.monthly_volume)) terms.push('monthly volume ' + count(roi.monthly_volume) + ' (the scope\'s 7-day sent × 30/7)');
  return {
    figures: 'Value ' + value + ' · cost ' + cost + ' · ROI ' + ratio,
    terms: terms.join('; ') + (roi.rule ? '. ' + roi.rule : ''),
  };
}

function renderOutcome(row, o) {
  const projection = projectionText(o);
  fill(row, {
    kpi: keyName(o.kpi),
    due: 'due ' + date(o.due),
    baseline: measure(o.kpi, o.baseline),
    actual: measure(o.kpi, o.actual),
    inputs: pairs(o.inputs),
    target: measure(o.kpi, o.target),
    progress: known(o.progress) ? pct(o.progress, 0) : '—',
    elapsed: known(o.elapsed_fraction) ? pct(o.elapsed_fraction, 0) + ' of the time to due elapsed' : '',
    status: words(o.status),
    projection: projection.value,
    projection_detail: projection.detail,
  });
  row.dataset.kpi = o.kpi;
  row.dataset.status = o.status;
  if (o.window) row.title = 'actual over ' + dateTime(o.window.from) + ' to ' + dateTime(o.window.to);
  row.querySelector('.outcome-status').dataset.status = o.status;
  const bar = row.querySelector('.progress-fill');
  bar.dataset.status = o.status;
  bar.style.width = (known(o.progress) ? clamp01(o.progress) * 100 : 0) + '%';
  const mark = row.querySelector('.progress-elapsed');
  mark.hidden = !known(o.elapsed_fraction);
  mark.style.left = 'calc(' + clamp01(o.elapsed_fraction) * 100 + '% - 1px)';
  sparkline(row.querySelector('.spark'), o);
}

function renderDecision(d, ctx) {
  const el = clone('tpl-decision');
  el.id = 'decision-' + d.decision_id;
  el.dataset.decision = d.decision_id;
  const scope = d.scope || { dimension: 'all', value: 'all' };
  const roi = roiText(d.roi);
  fill(el, {
    title: d.title || d.decision_id,
    status: words(d.status),
    review: REVIEW[d.review] || '',
    decision_id: d.decision_id,
    type: words(d.decision_type),
    maker: d.maker || '—',
    decided_at: dateTime(d.decided_at),
    review_date: d.review_date ? date(d.review_date) : 'not scheduled',
    scope: scope.dimension === 'all' ? dimensionName('all') : dimensionName(scope.dimension) + ' ' + scope.value,
    roi: roi.figures,
    roi_terms: roi.terms,
  });
  el.querySelector('.decision-status').dataset.status = d.status;
  const flag = el.querySelector('.review-flag');
  flag.hidden = !REVIEW[d.review];
  flag.dataset.review = d.review || '';
  el.querySelector('.needs-review').hidden = !d.needs_review;
  const scopeLink = el.querySelector('.scope-link');
  if (scope.dimension !== 'all') scopeLink.href = ctx.url('', { dimension: scope.dimension, value: scope.value });
  rows(el.querySelector('tbody'), 'tpl-outcome-row', d.outcomes || [], renderOutcome, 'No expected outcomes.');
  return el;
}

export default {
  id: 'decisions',
  title: 'Decision log',
  template: 'tpl-decisions',
  size: 'full',
  refreshSeconds: 60,

  load(ctx) {
    return ctx.get(ctx.url('/api/v1/decisions', { status: ctx.params.get('decision_status'), limit: 100 }));
  },

  render(root, answer, ctx) {
    const review = answer.review || {};
    figures(root.querySelector('.figures'), [
      { id: 'count', label: 'Decisions', value: count(answer.count), inputs: 'newest first, as of ' + dateTime(answer.as_of) },
      { id: 'overdue', label: 'Reviews overdue', value: count(review.overdue), inputs: 'review date before today', tone: review.overdue ? 'bad' : '' },
      { id: 'due_soon', label: 'Reviews due soon', value: count(review.due_soon), inputs: 'review date within 7 days' },
      { id: 'needs_review', label: 'Need review', value: count(review.needs_review), inputs: 'an outcome at risk or missed', tone: review.needs_review ? 'bad' : '' },
    ]);
    root.querySelector('.empty-note').hidden = answer.decisions.length > 0;
    const list = root.querySelector('.decision-list');
    disposeCharts(list);
    list.replaceChildren(...answer.decisions.map((d) => renderDecision(d, ctx)));
    requestAnimationFrame(scrollToLinkedDecision);
  },
};
