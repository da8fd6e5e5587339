// The revguard dashboard: the seed's five sections, each a list of panel modules. A panel loads and
// renders on its own, on its own refresh interval; when it fails only that panel shows an error.
import { adoptTokenFromHash, ensureToken, fileUrl, get, post, url } from './lib/api.js';
import { clone, fill } from './lib/dom.js';
import { age, ago, dimensionName } from './lib/format.js';

import riskGauge from './panels/risk-gauge.js';
import riskTrend from './panels/risk-trend.js';
import worstSenders from './panels/worst-senders.js';
import alerts from './panels/alerts.js';
import costSummary from './panels/cost-summary.js';
import ipCosts from './panels/ip-costs.js';
import underutilizedIps from './panels/underutilized-ips.js';
import warmup from './panels/warmup.js';
import efficiencyScore from './panels/efficiency-score.js';
import benchmarks from './panels/benchmarks.js';
import recommendations from './panels/recommendations.js';
import serverUtilization from './panels/server-utilization.js';
import ipCapacity from './panels/ip-capacity.js';
import healthScore from './panels/health-score.js';
import kpis from './panels/kpis.js';
import alertsSummary from './panels/alerts-summary.js';
import actions from './panels/actions.js';
import reputation from './panels/reputation.js';
import roiAchievement from './panels/roi-achievement.js';
import decisions from './panels/decisions.js';
import reports from './panels/reports.js';

// The seed's five sections in page order, the Executive Summary first: its health score is what an
// executive sees on opening the page. ?section=<id> shows one section alone.
const SECTIONS = [
  { id: 'summary', title: 'Executive Summary', panels: [healthScore, kpis, alertsSummary, actions, reports] },
  { id: 'revenue', title: 'Revenue Protection Monitor', panels: [riskGauge, riskTrend, worstSenders, reputation, alerts] },
  { id: 'cost', title: 'Cost Optimization Center', panels: [costSummary, underutilizedIps, warmup, roiAchievement, ipCosts] },
  { id: 'efficiency', title: 'Operational Efficiency', panels: [efficiencyScore, benchmarks, recommendations, serverUtilization, ipCapacity] },
  { id: 'decisions', title: 'Strategic Decision Tracker', panels: [decisions] },
];

const STALE_SECONDS = 120;
const STREAM_RETRY_MS = 60_000;

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);

function once(load) {
  let promise;
  return () => (promise ??= load().catch((e) => { promise = undefined; throw e; }));
}

// What every panel is handed: the scope of the page, the API, and facts shared by several panels.
const context = {
  params,
  scope: { dimension: params.get('dimension') || 'all', value: params.get('value') || 'all' },
  refreshSeconds: (dflt) => Math.max(1, Number(params.get('refresh')) || dflt),
  get,
  post,
  fileUrl,
  url,
  vocabulary: once(() => get('/api/v1/vocabulary')),
  // Without /api/v1/me the page assumes the least: a viewer.
  me: once(() => get('/api/v1/me').catch(() => ({ name: null, role: 'viewer' }))),
  canAcknowledge: (me) => me.role === 'operator' || me.role === 'admin',
  localHref,
  reportDataAge,
};

// A link to an element of the page (#decision-...) from a page showing one section alone opens the
// whole page, where that element is; other links are taken as they are.
function localHref(href) {
  if (typeof href !== 'string' || !href.startsWith('#') || !params.has('section')) return href;
  const rest = Object.fromEntries(params);
  delete rest.section;
  return location.pathname + url('', rest) + href;
}

// The header's "updated 12 s ago" and the stale banner follow the gauge's data_age_seconds,
// counted on between pushes.
let dataAge = null;
function reportDataAge(seconds) {
  dataAge = { seconds: Number(seconds), at: Date.now() };
  showDataAge();
}
function showDataAge() {
  if (!dataAge) return;
  const seconds = dataAge.seconds + (Date.now() - dataAge.at) / 1000;
  $('freshness').textContent = 'data updated ' + ago(seconds);
  $('stale').hidden = seconds <= STALE_SECONDS;
  $('stale-age').textContent = age(seconds);
}
setInterval(showDataAge, 1000);

function problem(message) {
  $('problem').hidden = !message;
  $('problem').textContent = message || '';
}

/** Puts one panel on the page and keeps it current. */
function mount(panel, container) {
  const frame = clone('tpl-panel');
  frame.id = 'panel-' + panel.id;
  frame.classList.add('size-' + (panel.size || 'full'));
  fill(frame, { title: panel.title, note: panel.note || '' });
  const body = frame.querySelector('.panel-body');
  body.append(clone(panel.template));
  body.hidden = true;
  const errorBox = frame.querySelector('.panel-error');
  container.append(frame);

  let pollTimer = null;
  let polling = false;
  const own = Object.assign(Object.create(context), { refresh: () => poll(), fail: showError, frame });

  function show(data) {
    try {
      panel.render(body, data, own);
    } catch (e) {
      showError(e);
      return;
    }
    body.hidden = false;
    errorBox.hidden = true;
    frame.dataset.state = 'ready';
  }

  function showError(e) {
    console.warn('panel ' + panel.id + ':', e);
    fill(errorBox, { error: e.message || String(e) });
    errorBox.hidden = false;
    frame.dataset.state = 'error';
    if (e.status === 401) problem(e.message);
  }

  async function poll() {
    clearTimeout(pollTimer);
    try {
      show(await panel.load(own));
    } catch (e) {
      showError(e);
    }
    if (polling) pollTimer = setTimeout(poll, own.refreshSeconds(panel.refreshSeconds) * 1000);
  }

  function startPolling() {
    polling = true;
    poll();
  }

  function stopPolling() {
    polling = false;
    clearTimeout(pollTimer);
  }

  // A pushed panel subscribes; when the stream is lost it polls, and tries the stream again later.
  function startStream() {
    frame.dataset.transport = 'stream';
    const close = panel.subscribe(own, {
      data(d) {
        stopPolling();
        frame.dataset.transport = 'stream';
        show(d);
      },
      fail: showError,
      lost() {
        close();
        frame.dataset.transport = 'polling';
        startPolling();
        setTimeout(startStream, STREAM_RETRY_MS);
      },
    });
  }

  frame.querySelector('.retry').onclick = () => poll();
  if (panel.subscribe && typeof EventSource === 'function') {
    startStream();
  } else {
    startPolling();
  }
}

function start() {
  adoptTokenFromHash();
  ensureToken(false);
  $('signout').onclick = () => {
    ensureToken(true);
    location.reload();
  };
  const { dimension, value } = context.scope;
  $('scope').textContent = dimension === 'all' ? dimensionName('all') : dimensionName(dimension) + ' ' + value;
  context.me().then((me) => {
    $('whoami').textContent = me.name ? me.name + ' (' + me.role + ')' : '';
  });

  // The header's link to the reports, which live in the Executive Summary.
  $('reports-link').href = [null, 'summary'].includes(params.get('section')) ? '#panel-reports' : localHref('#panel-reports');

  // ?section=cost shows that section alone.
  const only = params.get('section');
  if (only && !SECTIONS.some((s) => s.id === only)) problem('There is no section "' + only + '".');
  for (const s of SECTIONS) {
    const link = document.createElement('a');
    link.href = only ? url('', Object.assign(Object.fromEntries(params), { section: s.id })) : '#' + s.id;
    link.textContent = s.title;
    if (s.id === only) link.setAttribute('aria-current', 'page');
    $('sections-nav').append(link);
    if (only && s.id !== only) continue;
    const section = clone('tpl-section');
    section.id = s.id;
    fill(section, { title: s.title });
    $('sections').append(section);
    for (const panel of s.panels) mount(panel, section.querySelector('.panels'));
  }
}

start();
