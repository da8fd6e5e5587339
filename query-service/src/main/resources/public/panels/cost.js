// GET /api/v1/cost for the month of ?month=YYYY-MM (this month without it), shared by the cost panels.
export function loadCost(ctx) {
  return ctx.get(ctx.url('/api/v1/cost', { month: ctx.params.get('month') }));
}
