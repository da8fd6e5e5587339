package dev.revguard.job.window;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds partial sums of one window. */
public class SumCounts implements AggregateFunction<DimensionCounts, OutcomeCounts, OutcomeCounts> {
    @Override
    public OutcomeCounts createAccumulator() {
        return OutcomeCounts.ZERO;
    }

    @Override
    public OutcomeCounts add(DimensionCounts value, OutcomeCounts acc) {
        return acc.plus(value.counts());
    }

    @Override
    public OutcomeCounts getResult(OutcomeCounts acc) {
        return acc;
    }

    @Override
    public OutcomeCounts merge(OutcomeCounts a, OutcomeCounts b) {
        return a.plus(b);
    }
}
