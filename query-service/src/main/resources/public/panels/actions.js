// The summary's recommended actions in the order answered: fix senders, retire idle IPs, slow down
// warm-ups, review decisions, check the pipeline; each links to what it concerns.
import { renderRecommendations } from './recommendation-list.js';
import { loadSummary } from './summary.js';

export default {
  id: 'actions',
  title: 'Recommended actions',
  template: 'tpl-recommendations',
  size: 'half',
  refreshSeconds: 30,

  load: loadSummary,

  render(root, summary, ctx) {
    root.querySelector('.empty-note').hidden = summary.actions.length > 0;
    renderRecommendations(root.querySelector('ol'), summary.actions, ctx);
  },
};
