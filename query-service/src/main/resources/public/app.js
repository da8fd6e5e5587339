// The revguard dashboard: polls the API (every 5 s by default), no external scripts.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const dimension = params.get('dimension') || 'all';
  const value = params.get('value') || 'all';
  const refreshMs = Math.max(1000, Number(params.get('refresh') || 5) * 1000);
  const STALE_SECONDS = 120;

  // The token is asked for once and kept for the browser session; #token=... also sets it.
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    sessionStorage.setItem('revguard.token', hash.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  function token() {
    let t = sessionStorage.getItem('revguard.token');
    if (!t) {
      t = window.prompt('revguard API token') || '';
      sessionStorage.setItem('revguard.token', t);
    }
    return t;
  }
  document.getElementById('signout').onclick = () => { sessionStorage.removeItem('revguard.token'); refresh(); };

  const $ = (id) => document.getElementById(id);
  const money = (n) => '$' + Number(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const pct = (r) => (r === null || r === undefined) ? 'n/a' : (r * 100).toFixed(2) + '%';
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  async function api(path, options) {
    const res = await fetch(path, Object.assign({ headers: { Authorization: 'Bearer ' + token() } }, options || {}));
    if (res.status === 401) { sessionStorage.removeItem('revguard.token'); throw new Error('The token was refused (401): enter a valid token.'); }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) { const e = new Error(body.detail || ('HTTP ' + res.status)); e.status = res.status; throw e; }
    return body;
  }

  function showGauge(g) {
    $('gauge').dataset.severity = g.severity;
    $('gauge-severity').textContent = g.severity.replace('_', ' ');
    $('gauge-risk').textContent = money(g.revenue_risk_usd);
    $('gauge-bounce').textContent = pct(g.bounce_rate);
    $('gauge-spam').textContent = pct(g.spam_rate);
    $('gauge-deliverability').textContent = pct(g.deliverability_rate);
    $('gauge-sent').textContent = Number(g.sent).toLocaleString('en-US');
    $('gauge-evaluated').textContent = 'Evaluated ' + g.window_from + ' to ' + g.evaluated_at + ' (' + g.policy + ' policy)';
    $('freshness').textContent = 'updated ' + g.data_age_seconds + ' s ago';
    const stale = g.data_age_seconds > STALE_SECONDS;
    $('stale').hidden = !stale;
    $('stale-age').textContent = Math.round(g.data_age_seconds / 60) + ' min';
  }

  function showTop(dim, top) {
    $('top-' + dim).innerHTML = '<tr><th>' + dim.replace('_', ' ') + '</th><th>bounce</th><th>spam</th><th>at risk</th></tr>' +
      top.items.map((g) => '<tr><td><span class="dot ' + esc(g.severity) + '"></span><a href="?dimension=' + encodeURIComponent(dim) +
        '&value=' + encodeURIComponent(g.value) + '">' + esc(g.value) + '</a></td><td class="num">' + pct(g.bounce_rate) +
        '</td><td class="num">' + pct(g.spam_rate) + '</td><td class="num">' + money(g.revenue_risk_usd) + '</td></tr>').join('');
  }

  function showTrend(trend) {
    const svg = $('trend');
    const pts = trend.points;
    if (!pts.length) { svg.innerHTML = '<text x="300" y="90" text-anchor="middle" fill="#5f6368">no data in this range</text>'; return; }
    const t0 = Date.parse(trend.from), t1 = Date.parse(trend.to);
    const x = (p) => ((Date.parse(p.start) - t0) / (t1 - t0)) * 600;
    const maxRate = Math.max(0.02, ...pts.map((p) => Math.max(p.bounce_rate || 0, p.spam_rate || 0)));
    const maxSent = Math.max(1, ...pts.map((p) => p.sent));
    const y = (r) => 170 - (r / maxRate) * 160;
    const line = (key) => pts.filter((p) => p[key] !== null).map((p, i) => (i ? 'L' : 'M') + x(p).toFixed(1) + ' ' + y(p[key]).toFixed(1)).join(' ');
    const bars = pts.map((p) => '<rect x="' + x(p).toFixed(1) + '" y="' + (170 - (p.sent / maxSent) * 60).toFixed(1) +
      '" width="3" height="' + ((p.sent / maxSent) * 60).toFixed(1) + '" fill="#8ab4f8" opacity=".6"/>').join('');
    svg.innerHTML = bars + '<path d="' + line('bounce_rate') + '" fill="none" stroke="#d93025" stroke-width="2"/>' +
      '<path d="' + line('spam_rate') + '" fill="none" stroke="#f29900" stroke-width="2"/>' +
      '<text x="4" y="14" font-size="11" fill="#5f6368">' + pct(maxRate) + '</text>';
  }

  function showAlerts(alerts) {
    $('alerts').innerHTML = '<tr><th>status</th><th>severity</th><th>sender</th><th>started</th><th>at risk</th><th>acknowledged</th><th></th></tr>' +
      alerts.items.map((a) => '<tr><td>' + esc(a.status) + '</td><td><span class="dot ' + esc(a.severity) + '"></span>' + esc(a.severity) +
        '</td><td>' + esc(a.dimension) + ' ' + esc(a.dimension_value) + '</td><td>' + esc(a.started_at) + '</td><td class="num">' +
        money(a.revenue_risk_usd) + '</td><td>' + (a.acknowledged_by ? esc(a.acknowledged_by) : '') + '</td><td>' +
        (a.status === 'firing' && !a.acknowledged_by ? '<button data-ack="' + esc(a.alert_id) + '">Acknowledge</button>' : '') + '</td></tr>').join('');
    document.querySelectorAll('[data-ack]').forEach((b) => b.onclick = async () => {
      try { await api('/api/v1/alerts/' + encodeURIComponent(b.dataset.ack) + '/ack', { method: 'POST' }); refresh(); }
      catch (e) { problem(e.status === 403 ? 'Acknowledging needs the operator role.' : e.message); }
    });
  }

  function problem(message) {
    $('problem').hidden = !message;
    $('problem').textContent = message || '';
  }

  async function refresh() {
    $('scope').textContent = dimension === 'all' ? 'all traffic' : dimension.replace('_', ' ') + ' ' + value;
    try {
      const q = 'dimension=' + encodeURIComponent(dimension) + '&value=' + encodeURIComponent(value);
      const [gauge, trend, alerts] = await Promise.all([
        api('/api/v1/risk?' + q),
        api('/api/v1/deliverability/trend?' + q + '&step=5m'),
        api('/api/v1/alerts?limit=20'),
      ]);
      showGauge(gauge); showTrend(trend); showAlerts(alerts);
      for (const dim of ['sending_domain', 'account', 'sending_ip']) {
        showTop(dim, await api('/api/v1/risk/top?dimension=' + dim + '&limit=5'));
      }
      problem('');
    } catch (e) {
      problem(e.status === 404 ? 'No evaluation yet for ' + dimension + ' ' + value + '.' : e.message);
    }
  }

  refresh();
  setInterval(refresh, refreshMs);
})();
