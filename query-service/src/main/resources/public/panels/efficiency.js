// GET /api/v1/efficiency over ?period= (the last 24 h without it), shared by the efficiency panels.
export function loadEfficiency(ctx) {
  return ctx.get(ctx.url('/api/v1/efficiency', { period: ctx.params.get('period') || '24h' }));
}
