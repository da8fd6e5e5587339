// The executive reports: the latest ones with their period, health score and e-mail status, each opened
// as its page or its PDF (fetched with the token, so no token ever goes into a link). Operators and
// admins can make the last 7 days' report now (POST /api/v1/reports).
import { fill, rows } from '../lib/dom.js';
import { dateTime, words } from '../lib/format.js';

const DELIVERY = {
  not_configured: 'not e-mailed (no SMTP_URL)',
  not_requested: 'not e-mailed',
  pending: 'to be sent',
  sent: 'sent',
};

function delivery(d) {
  if (d.status === 'sent') return 'sent ' + dateTime(d.delivered_at) + ' to ' + d.recipients.length;
  if (d.status === 'retrying') return 'retrying (' + d.attempts + ' failed, next ' + dateTime(d.next_attempt_at) + '): ' + d.last_error;
  if (d.status === 'failed') return 'failed after ' + d.attempts + ' attempts: ' + d.last_error;
  return DELIVERY[d.status] || words(d.status);
}

async function open(ctx, path, button, filename) {
  // A window opened in the click itself is not blocked; the file follows when it has arrived.
  const win = filename ? null : window.open('', '_blank');
  button.disabled = true;
  try {
    const href = await ctx.fileUrl(path);
    if (win) {
      win.location.href = href;
    } else {
      const a = document.createElement('a');
      a.href = href;
      a.download = filename;
      a.click();
    }
  } catch (e) {
    if (win) win.close();
    ctx.fail(e);
  } finally {
    button.disabled = false;
  }
}

export default {
  id: 'reports',
  title: 'Executive reports',
  template: 'tpl-reports',
  size: 'half',
  refreshSeconds: 60,

  async load(ctx) {
    const [answer, me] = await Promise.all([ctx.get(ctx.url('/api/v1/reports', { limit: 6 })), ctx.me()]);
    return { reports: answer.reports, me };
  },

  render(root, { reports, me }, ctx) {
    fill(root, { 'schedule-note': reports.length ? 'Newest first. Open shows the report in a new tab; PDF downloads it as it is e-mailed.' : '' });
    rows(root.querySelector('tbody'), 'tpl-report-row', reports, (row, r) => {
      fill(row, {
        period: dateTime(r.period.from) + ' – ' + dateTime(r.period.to),
        made: dateTime(r.generated_at) + (r.origin === 'schedule' ? ' (scheduled)' : r.requested_by ? ' by ' + r.requested_by : ''),
        health: r.health_score === null ? '—' : r.health_score.toFixed(1),
        delivery: delivery(r.delivery),
      });
      row.dataset.report = r.report_id;
      const html = row.querySelector('.open-html');
      const pdf = row.querySelector('.open-pdf');
      html.onclick = () => open(ctx, r.links.html, html, null);
      pdf.onclick = () => open(ctx, r.links.pdf, pdf, 'revguard-report-' + r.report_id + '.pdf');
    }, 'No reports yet: they are made on REPORT_SCHEDULE, by scripts/report.sh, or with the button below.');

    const make = root.querySelector('.report-make');
    make.hidden = !ctx.canAcknowledge(me);
    const button = make.querySelector('button');
    button.onclick = async () => {
      button.disabled = true;
      fill(make, { 'make-note': 'making it…' });
      const to = new Date();
      const from = new Date(to.getTime() - 7 * 86_400_000);
      try {
        const r = await ctx.post('/api/v1/reports', { from: from.toISOString(), to: to.toISOString() });
        fill(make, { 'make-note': 'report ' + r.report_id + ' made in ' + r.generation_millis + ' ms' });
        ctx.refresh();
      } catch (e) {
        fill(make, { 'make-note': '' });
        ctx.fail(e);
      } finally {
        button.disabled = false;
      }
    };
  },
};
