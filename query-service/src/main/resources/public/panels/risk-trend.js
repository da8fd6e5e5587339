// Bounce and spam rate over the last 6 hours in 5-minute steps, with the monitor, warning and
// critical thresholds of the gauge's policy drawn across, and the volume sent below.
import { chartIn, css, severityColour, textStyle } from '../lib/charts.js';
import { fill } from '../lib/dom.js';
import { count, dateTime, pct } from '../lib/format.js';

const LEVELS = ['monitor', 'warning', 'critical'];

function thresholdLines(limits, vocabulary) {
  if (!limits) return undefined;
  return {
    silent: true,
    symbol: 'none',
    precision: 6, // the default (2 decimals) would draw 1.5 % at 1 %
    data: LEVELS.map((level) => ({
      yAxis: limits[level],
      lineStyle: { color: severityColour(level, vocabulary), type: 'dashed', width: 1.5 },
      label: { formatter: level + ' ' + pct(limits[level], 1), position: 'insideStartTop', color: css('muted'), fontSize: 10 },
    })),
  };
}

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above v. */
function niceTop(v) {
  if (!(v > 0)) return 0.01;
  const magnitude = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((t) => t >= v * 0.999);
}

async function orNull(promise) {
  try {
    return await promise;
  } catch (e) {
    return null;
  }
}

export default {
  id: 'risk-trend',
  title: 'Deliverability trend, last 6 hours',
  template: 'tpl-risk-trend',
  size: 'two-thirds',
  refreshSeconds: 30,

  async load(ctx) {
    const scope = { dimension: ctx.scope.dimension, value: ctx.scope.value };
    // The thresholds are the policy of the gauge; without it the lines are left out, the trend stays.
    const [trend, gauge, vocabulary] = await Promise.all([
      ctx.get(ctx.url('/api/v1/deliverability/trend', Object.assign({ step: '5m' }, scope))),
      orNull(ctx.get(ctx.url('/api/v1/risk', scope))),
      orNull(ctx.vocabulary()),
    ]);
    const policy = gauge && vocabulary ? vocabulary.policies.find((p) => p.name === gauge.policy) : null;
    return { trend, policy, vocabulary };
  },

  render(root, { trend, policy, vocabulary }) {
    const points = trend.points;
    const chartEl = root.querySelector('.trend');
    root.querySelector('.empty-note').hidden = points.length > 0;
    chartEl.hidden = points.length === 0;
    fill(root, {
      thresholds: (policy
        ? 'Dashed lines: the ' + policy.name + ' policy\'s thresholds (bounce ' + LEVELS.map((l) => pct(policy.bounce[l], 1)).join(' / ')
          + ', spam ' + LEVELS.map((l) => pct(policy.spam[l], 1)).join(' / ') + '). '
        : 'Thresholds unavailable: the gauge or the vocabulary did not load. ')
        + count(points.reduce((n, p) => n + p.sent, 0)) + ' sent from ' + dateTime(trend.from) + ' to ' + dateTime(trend.to) + '.',
    });
    if (!points.length) return;

    const at = (p) => Date.parse(p.start);
    const min = Date.parse(trend.from);
    const max = Date.parse(trend.to);
    const axisText = { color: css('muted'), fontSize: 11 };
    const gridLine = { lineStyle: { color: css('grid-line') } };
    const rateAxis = (index, name, limits) => ({
      gridIndex: index,
      type: 'value',
      name,
      nameLocation: 'middle',
      nameRotate: 90,
      nameGap: 44,
      nameTextStyle: axisText,
      min: 0,
      // Room above the critical line, so every threshold is on the chart; ticks at round steps.
      max: (v) => niceTop(Math.max(v.max, limits ? limits.critical * 1.2 : 0)),
      splitNumber: 3,
      axisLabel: Object.assign({ formatter: (v) => pct(v, Math.round(v * 1000) % 10 === 0 ? 0 : 1) }, axisText),
      splitLine: gridLine,
    });
    const timeAxis = (index, labels) => ({
      gridIndex: index,
      type: 'time',
      min,
      max,
      axisLabel: Object.assign({ show: labels, hideOverlap: true, formatter: { hour: '{HH}:{mm}', minute: '{HH}:{mm}', day: '{d} {MMM}' } }, axisText),
      axisTick: { show: labels },
      splitLine: { show: false },
      name: labels ? 'UTC' : '',
      nameTextStyle: axisText,
      nameGap: 8,
    });

    chartIn(chartEl).setOption({
      useUTC: true,
      textStyle: textStyle(),
      animation: false,
      legend: { top: 0, textStyle: axisText, data: ['bounce rate', 'spam rate', 'sent'] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'line' },
        valueFormatter: (v) => (v !== null && v !== undefined && v < 1 ? pct(v) : count(v)),
      },
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      grid: [
        { left: 64, right: 40, top: 34, height: 128 },
        { left: 64, right: 40, top: 184, height: 112 },
        { left: 64, right: 40, top: 318, height: 52 },
      ],
      xAxis: [timeAxis(0, false), timeAxis(1, false), timeAxis(2, true)],
      yAxis: [
        rateAxis(0, 'bounce', policy && policy.bounce),
        rateAxis(1, 'spam', policy && policy.spam),
        { gridIndex: 2, type: 'value', name: 'sent', nameLocation: 'middle', nameRotate: 90, nameGap: 44, nameTextStyle: axisText, splitNumber: 1, axisLabel: Object.assign({ formatter: (v) => count(v) }, axisText), splitLine: gridLine },
      ],
      series: [
        {
          name: 'bounce rate', type: 'line', xAxisIndex: 0, yAxisIndex: 0, showSymbol: false, connectNulls: false,
          lineStyle: { width: 2 }, itemStyle: { color: css('series-bounce') },
          data: points.map((p) => [at(p), p.bounce_rate]),
          markLine: thresholdLines(policy && policy.bounce, vocabulary),
        },
        {
          name: 'spam rate', type: 'line', xAxisIndex: 1, yAxisIndex: 1, showSymbol: false, connectNulls: false,
          lineStyle: { width: 2 }, itemStyle: { color: css('series-spam') },
          data: points.map((p) => [at(p), p.spam_rate]),
          markLine: thresholdLines(policy && policy.spam, vocabulary),
        },
        {
          name: 'sent', type: 'bar', xAxisIndex: 2, yAxisIndex: 2, barMaxWidth: 6, itemStyle: { color: css('series-sent') },
          data: points.map((p) => [at(p), p.sent]),
        },
      ],
    });
  },
};
