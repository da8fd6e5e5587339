// GET /api/v1/summary (the last 24 h against the 24 h before), shared by the Executive Summary's panels.
export function loadSummary(ctx) {
  return ctx.get('/api/v1/summary');
}
