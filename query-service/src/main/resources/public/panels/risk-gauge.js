// The risk gauge: a dial in the severity's colour with the projected monthly revenue at risk in it,
// pushed by GET /api/v1/risk/stream (Server-Sent Events) and polled from /api/v1/risk without it.
import { ApiError, token } from '../lib/api.js';
import { chartIn, css, severityColour, textStyle } from '../lib/charts.js';
import { figures, fill } from '../lib/dom.js';
import { count, dateTime, money, pct, time, words } from '../lib/format.js';

// The dial has four equal bands; a band's start is its severity's threshold of the gauge's policy.
const BANDS = ['healthy', 'monitor', 'warning', 'critical'];
const BAND_START = { healthy: 0, monitor: 25, warning: 50, critical: 75 };

/** Where a rate sits on the dial: thresholds monitor/warning/critical land at 25/50/75, 2 × critical at 100. */
function position(rate, limits) {
  if (rate === null || rate === undefined || !limits) return 0;
  const stops = [0, limits.monitor, limits.warning, limits.critical, 2 * limits.critical];
  for (let i = 1; i < stops.length; i++) {
    if (rate < stops[i]) return 25 * (i - 1 + (rate - stops[i - 1]) / (stops[i] - stops[i - 1]));
  }
  return 100;
}

function dialValue(gauge, policy) {
  if (!BANDS.includes(gauge.severity)) return 0;
  const start = BAND_START[gauge.severity];
  const raw = policy ? Math.max(position(gauge.bounce_rate, policy.bounce), position(gauge.spam_rate, policy.spam)) : start + 12.5;
  // The pointer stays inside the band of the severity the job decided.
  return Math.min(start + 25, Math.max(start, raw));
}

function policyOf(vocabulary, name) {
  return vocabulary && vocabulary.policies ? vocabulary.policies.find((p) => p.name === name) : undefined;
}

async function vocabularyOrNothing(ctx) {
  try {
    return await ctx.vocabulary();
  } catch (e) {
    return null; // the gauge still shows; the dial then places the pointer by severity alone
  }
}

function scopeQuery(ctx) {
  return { dimension: ctx.scope.dimension, value: ctx.scope.value };
}

export default {
  id: 'risk-gauge',
  title: 'Revenue at risk',
  template: 'tpl-risk-gauge',
  size: 'third',
  refreshSeconds: 5,

  async load(ctx) {
    const [gauge, vocabulary] = await Promise.all([ctx.get(ctx.url('/api/v1/risk', scopeQuery(ctx))), vocabularyOrNothing(ctx)]);
    return { gauge, vocabulary };
  },

  subscribe(ctx, sink) {
    const source = new EventSource(ctx.url('/api/v1/risk/stream', Object.assign(scopeQuery(ctx), { access_token: token() })));
    let vocabulary = vocabularyOrNothing(ctx);
    source.addEventListener('gauge', async (e) => {
      sink.data({ gauge: JSON.parse(e.data), vocabulary: await vocabulary });
    });
    source.addEventListener('error', (e) => {
      if (e.data) {
        // The service's own "error" event, e.g. no evaluation yet: the stream stays open.
        const body = JSON.parse(e.data);
        sink.fail(new ApiError(body.detail || body.error, body.error === 'not_found' ? 404 : 400));
      } else {
        sink.lost();
      }
    });
    return () => source.close();
  },

  render(root, { gauge, vocabulary }, ctx) {
    const policy = policyOf(vocabulary, gauge.policy);
    const colour = css(gauge.colour);
    const dial = root.querySelector('.dial');
    const label = words(gauge.severity);
    dial.setAttribute('aria-label', label + ': ' + money(gauge.revenue_risk_usd) + ' projected monthly revenue at risk');
    dial.dataset.severity = gauge.severity;
    dial.dataset.revenueRisk = money(gauge.revenue_risk_usd);

    // Outer ring: the policy's four bands, labelled at their thresholds. Inner arc: where this gauge
    // stands, in its severity's colour, with the dollars in the middle.
    const grey = css('grey');
    const bandColours = BANDS.map((s) => (gauge.severity === 'insufficient_data' ? grey : severityColour(s, vocabulary)));
    const common = { type: 'gauge', min: 0, max: 100, startAngle: 210, endAngle: -30, center: ['50%', '60%'], splitNumber: 4,
      axisTick: { show: false }, pointer: { show: false }, anchor: { show: false } };
    chartIn(dial).setOption({
      textStyle: textStyle(),
      animation: false,
      series: [
        Object.assign({}, common, {
          radius: '84%',
          axisLine: { lineStyle: { width: 6, color: [[0.25, bandColours[0]], [0.5, bandColours[1]], [0.75, bandColours[2]], [1, bandColours[3]]] } },
          splitLine: { show: false },
          axisLabel: { distance: -50, color: css('muted'), fontSize: 10, formatter: (v) => ({ 25: 'monitor', 50: 'warning', 75: 'critical' })[v] || '' },
          title: { show: false },
          detail: { show: false },
          data: [{ value: 0 }],
        }),
        Object.assign({}, common, {
          radius: '76%',
          progress: { show: true, width: 14, itemStyle: { color: colour } },
          axisLine: { lineStyle: { width: 14, color: [[1, css('track')]] } },
          splitLine: { show: false },
          axisLabel: { show: false },
          title: { offsetCenter: [0, '58%'], fontSize: 15, fontWeight: 700, color: colour },
          detail: {
            offsetCenter: [0, '0%'],
            valueAnimation: false,
            formatter: () => '{money|' + money(gauge.revenue_risk_usd) + '}\n{caption|projected monthly}\n{caption|revenue at risk}',
            rich: {
              money: { fontSize: 24, fontWeight: 700, color: css('text'), lineHeight: 32 },
              caption: { fontSize: 10, color: css('muted'), lineHeight: 13 },
            },
          },
          data: [{ value: dialValue(gauge, policy), name: label.toUpperCase() }],
        }),
      ],
    });

    figures(root.querySelector('.figures'), [
      { id: 'bounce_rate', label: 'Bounce rate', value: pct(gauge.bounce_rate), inputs: count(gauge.bounced) + ' bounced of ' + count(gauge.sent) + ' sent' },
      { id: 'spam_rate', label: 'Spam rate', value: pct(gauge.spam_rate), inputs: count(gauge.spam_complaints) + ' complaints of ' + count(gauge.delivered) + ' delivered' },
      { id: 'deliverability_rate', label: 'Deliverability', value: pct(gauge.deliverability_rate), inputs: count(gauge.delivered) + ' delivered of ' + count(gauge.sent) + ' sent' },
      { id: 'monthly_volume', label: 'Monthly volume', value: count(gauge.monthly_volume), inputs: 'the window\'s sends, projected to 30 days' },
    ]);
    fill(root, {
      window: 'Window ' + time(gauge.window_from) + '–' + dateTime(gauge.evaluated_at) + ', ' + gauge.policy + ' policy'
        + (policy ? ' (critical at ' + pct(policy.bounce.critical, 1) + ' bounce or ' + pct(policy.spam.critical, 1) + ' spam, '
          + count(policy.min_volume) + ' sends at least)' : ''),
    });
    ctx.reportDataAge(gauge.data_age_seconds);
  },
};

