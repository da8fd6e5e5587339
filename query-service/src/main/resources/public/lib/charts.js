// ECharts from the WebJar, coloured from the page's CSS variables so the palette lives in style.css.
import * as echarts from 'echarts';

export { echarts };

/** The value of the CSS variable --name. */
export function css(name) {
  return getComputedStyle(document.documentElement).getPropertyValue('--' + name).trim();
}

/**
 * The colour of a severity: the API's vocabulary names it (/api/v1/vocabulary), the CSS variable of
 * that name draws it; grey while the vocabulary is unavailable.
 */
export function severityColour(severity, vocabulary) {
  const entry = vocabulary && vocabulary.severities && vocabulary.severities.find((s) => s.name === severity);
  return css((entry && entry.colour) || 'grey');
}

const observed = new WeakMap();

/** The chart of a container, created once (SVG, so it is crisp and its text is in the page). */
export function chartIn(el) {
  let chart = echarts.getInstanceByDom(el);
  if (!chart) {
    chart = echarts.init(el, null, { renderer: 'svg' });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    observed.set(el, observer);
  }
  return chart;
}

/** Disposes the charts under root, before root's elements are replaced (each holds a ResizeObserver). */
export function disposeCharts(root) {
  for (const el of root.querySelectorAll('.chart')) {
    const chart = echarts.getInstanceByDom(el);
    if (chart) chart.dispose();
    const observer = observed.get(el);
    if (observer) observer.disconnect();
    observed.delete(el);
  }
}

/** Text styles shared by every chart. */
export function textStyle() {
  return { fontFamily: getComputedStyle(document.body).fontFamily, color: css('text') };
}

/**
 * A horizontal bar per SMTP IP of one utilization-like share (0..1, may pass 1), labelled with
 * its percentage; colour(ip) picks each bar's colour, markLine (optional) adds a reference line.
 */
const SHARE_AXIS_MAX = 1.5;

export function ipShareBars(el, ips, { name, share, colour, markLine, format }) {
  const measured = ips.filter((ip) => share(ip) !== null && share(ip) !== undefined);
  el.hidden = measured.length === 0;
  if (!measured.length) return;
  el.style.height = 56 + 26 * measured.length + 'px';
  const axisText = { color: css('muted'), fontSize: 11 };
  chartIn(el).setOption({
    textStyle: textStyle(),
    animation: false,
    grid: { left: 120, right: 48, top: markLine ? 28 : 24, bottom: 24 },
    tooltip: { trigger: 'item', formatter: (p) => p.name + ': ' + format(p.data.actual, 1) },
    xAxis: { type: 'value', min: 0, max: (v) => Math.min(SHARE_AXIS_MAX, Math.max(1, Math.ceil(v.max * 10) / 10)), axisLabel: Object.assign({ formatter: (v) => format(v, 0) }, axisText), splitLine: { lineStyle: { color: css('grid-line') } } },
    yAxis: { type: 'category', inverse: true, data: measured.map((ip) => ip.ip), axisLabel: axisText },
    series: [Object.assign({
      type: 'bar',
      name,
      barMaxWidth: 16,
      // A share far above capacity (a warm-up ten times ahead) would flatten every other bar:
      // the axis stops at 150 % and such a bar is cut there, labelled with its real value.
      data: measured.map((ip) => ({
        value: Math.min(share(ip), SHARE_AXIS_MAX),
        actual: share(ip),
        itemStyle: { color: colour(ip) },
        label: share(ip) > SHARE_AXIS_MAX ? { position: 'insideRight', color: '#fff', fontWeight: 'bold' } : undefined,
      })),
      label: { show: true, position: 'right', formatter: (p) => format(p.data.actual, 1), color: css('text'), fontSize: 11 },
    }, markLine ? { markLine } : {})],
  });
}
