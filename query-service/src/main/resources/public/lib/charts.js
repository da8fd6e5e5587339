// ECharts from the WebJar, coloured from the page's CSS variables so the palette lives in style.css.
import * as echarts from 'echarts';

export { echarts };

/** The value of the CSS variable --name. */
export function css(name) {
  return getComputedStyle(document.documentElement).getPropertyValue('--' + name).trim();
}

const SEVERITY_COLOURS = { insufficient_data: 'grey', healthy: 'green', monitor: 'yellow', warning: 'orange', critical: 'red' };

/** The colour of a severity: the vocabulary's colour name, drawn with the CSS variable of that name. */
export function severityColour(severity, vocabulary) {
  const entry = vocabulary && vocabulary.severities && vocabulary.severities.find((s) => s.name === severity);
  return css((entry && entry.colour) || SEVERITY_COLOURS[severity] || 'grey');
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

/** Text styles shared by every chart. */
export function textStyle() {
  return { fontFamily: getComputedStyle(document.body).fontFamily, color: css('text') };
}
