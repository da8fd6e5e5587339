// What to do next, each with its reason, its evidence and what it is worth.
import { loadEfficiency } from './efficiency.js';
import { renderRecommendations } from './recommendation-list.js';

export default {
  id: 'recommendations',
  title: 'Recommendations',
  template: 'tpl-recommendations',
  size: 'two-thirds',
  refreshSeconds: 60,

  load: loadEfficiency,

  render(root, e, ctx) {
    root.querySelector('.empty-note').hidden = e.recommendations.length > 0;
    renderRecommendations(root.querySelector('ol'), e.recommendations, ctx);
  },
};
