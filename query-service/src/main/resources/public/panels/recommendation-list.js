// A list of recommended actions (efficiency's recommendations, the summary's actions): each with its
// kind, title, reason, evidence, expected value and a link to the sender, IP or decision concerned.
import { clone, fill, setLocalLink } from '../lib/dom.js';
import { detail, keyName, money, words } from '../lib/format.js';

const KINDS = { fix_sender: 'fix sender', retire_ip: 'retire IP', slow_warmup: 'slow warm-up', check_pipeline: 'check pipeline',
  review_decision: 'review decision' };

/** Replaces the items of the list element with one tpl-recommendation per action, in the order answered. */
export function renderRecommendations(list, actions, ctx) {
  list.replaceChildren(...actions.map((r) => {
    const item = clone('tpl-recommendation');
    item.dataset.kind = r.kind;
    fill(item, {
      kind: KINDS[r.kind] || words(r.kind),
      title: r.title,
      reason: r.reason,
      expected_value: r.expected_value_usd === null || r.expected_value_usd === undefined ? '' : 'Expected value: ' + money(r.expected_value_usd) + ' / month',
    });
    item.querySelector('.badge').dataset.kind = r.kind;
    const evidence = r.evidence || {};
    const kpi = typeof evidence.kpi === 'string' ? evidence.kpi : undefined;
    item.querySelector('.evidence').replaceChildren(...Object.entries(evidence).map(([k, v]) => {
      const pair = clone('tpl-evidence');
      fill(pair, { key: keyName(k), value: detail(k, v, kpi) });
      return pair;
    }));
    const link = item.querySelector('a');
    setLocalLink(link, ctx.localHref(r.link));
    link.textContent = typeof r.link === 'string' && r.link.startsWith('#decision-') ? 'open the decision' : 'open its gauge';
    return item;
  }));
}
