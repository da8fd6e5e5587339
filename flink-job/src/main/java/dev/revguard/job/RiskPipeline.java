package dev.revguard.job;

import dev.revguard.job.alert.AlertTransition;
import dev.revguard.job.alert.TrackAlertState;
import dev.revguard.job.config.JobConfig;
import dev.revguard.job.ingest.DeadLetter;
import dev.revguard.job.ingest.CountDeadLetters;
import dev.revguard.job.ingest.DeduplicateEvents;
import dev.revguard.job.ingest.Ingested;
import dev.revguard.job.ingest.RouteRecords;
import dev.revguard.job.risk.EvaluateTrailingRisk;
import dev.revguard.job.risk.RiskSnapshot;
import dev.revguard.job.match.MatchMessages;
import dev.revguard.job.source.Decision;
import dev.revguard.job.window.Counted;
import dev.revguard.job.window.DimensionCounts;
import dev.revguard.job.window.DimensionKey;
import dev.revguard.job.window.EarlyAndFinalTrigger;
import dev.revguard.job.window.EmitWindowRow;
import dev.revguard.job.window.MinuteHistory;
import dev.revguard.job.window.OutcomeCounts;
import dev.revguard.job.window.PreAggregateCounts;
import dev.revguard.job.window.RollUpWindows;
import dev.revguard.job.window.SumCounts;
import dev.revguard.job.window.WindowRow;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The whole topology, built from the source and sinks it is handed, so that production, tests,
 * benchmarks and replays run the same pipeline:
 *
 * <pre>
 * Kafka posthog-events (parse) -> route (dead letters, late, decisions -> strategic_decisions) --+
 * Kafka provider-events (parse by key) -> route ----------------+-> dedup by event id
 *   -> match reports of one message (across sources; sending IP of sends) -> pre-aggregate per minute
 *   -> 1-minute windows per dimension value -> deliverability_window
 *                                            -> hourly rollup -> deliverability_hourly
 *                                                 -> daily rollup -> deliverability_daily
 *                                            -> trailing evaluation -> risk_snapshot
 *                                                 -> alert state -> alerts, webhook outbox (dispatcher)
 * </pre>
 *
 * Every source, stateful operator and sink has a fixed uid: savepoints map onto them.
 */
public final class RiskPipeline {
    public static final Duration WINDOW = Duration.ofMinutes(1);
    public static final Duration HOUR = Duration.ofHours(1);
    public static final Duration DAY = Duration.ofDays(1);

    /**
     * Where results go, and the minute rows already there ({@code minuteHistory}), which rollups
     * that start without state begin from.
     */
    public record Sinks(Sink<WindowRow> windows, Sink<WindowRow> hourly, Sink<WindowRow> daily,
            Sink<RiskSnapshot> snapshots, Sink<DeadLetter> deadLetters, Sink<AlertTransition> alerts,
            Sink<Decision> decisions, MinuteHistory minuteHistory) {}

    /** Optional stages; {@link #ALL} in production. */
    public record Stages(boolean rollups) {
        public static final Stages ALL = new Stages(true);
        /** The topology of versions before the hourly and daily rollups (for upgrade tests). */
        public static final Stages WITHOUT_ROLLUPS = new Stages(false);
    }

    private RiskPipeline() {}

    /** 1-minute windows per dimension value, written early and finally, updated by late data. */
    public static SingleOutputStreamOperator<WindowRow> countWindows(
            DataStream<DimensionCounts> partials, Duration allowedLateness) {
        return countWindows(partials, allowedLateness, Duration.ZERO);
    }

    /**
     * 1-minute windows per dimension value; {@code sending_ip} rows become final
     * {@code finalDelayOfSendingIp} after the others (the IP attribution wait).
     */
    public static SingleOutputStreamOperator<WindowRow> countWindows(
            DataStream<DimensionCounts> partials, Duration allowedLateness, Duration finalDelayOfSendingIp) {
        long delay = finalDelayOfSendingIp.toMillis();
        return partials
                .keyBy(DimensionCounts::key)
                .window(TumblingEventTimeWindows.of(WINDOW))
                .allowedLateness(allowedLateness)
                .trigger(new EarlyAndFinalTrigger(delay))
                .aggregate(new SumCounts(), new EmitWindowRow(delay),
                        TypeInformation.of(OutcomeCounts.class),
                        TypeInformation.of(OutcomeCounts.class),
                        TypeInformation.of(WindowRow.class))
                .uid("count-windows")
                .name("count outcomes per minute");
    }

    /**
     * Hourly and daily rollups of the minute rows. Both run on the subtask of their key, chained to
     * the window operator (its output is keyed the same way): no shuffle, one state access per
     * minute row.
     */
    public static SingleOutputStreamOperator<WindowRow> rollUp(DataStream<WindowRow> minutes, String uid, String name,
            Duration input, Duration period, JobConfig config, MinuteHistory history) {
        long lateness = config.allowedLateness().toMillis();
        return DataStreamUtils.reinterpretAsKeyedStream(minutes, WindowRow::key, Types.STRING)
                .transform(name, TypeInformation.of(WindowRow.class),
                        new RollUpWindows(input.toMillis(), period.toMillis(), lateness,
                                config.allowedLateness().plus(WINDOW).toMillis(),
                                config.checkpointInterval().toMillis(), history))
                .uid(uid);
    }

    private static SingleOutputStreamOperator<Ingested> route(DataStream<Ingested> records, String source, String uid,
            String name, JobConfig config) {
        return records.transform(name + " (dead letters, late outcomes)", TypeInformation.of(Ingested.class),
                        new RouteRecords(source, WINDOW.toMillis(), config.allowedLateness().toMillis()))
                .uid(uid);
    }

    public static void build(StreamExecutionEnvironment env, Inputs inputs, Sinks sinks, JobConfig config) {
        build(env, inputs, sinks, config, events -> events, Stages.ALL);
    }

    public static void build(StreamExecutionEnvironment env, Inputs inputs, Sinks sinks, JobConfig config,
            UnaryOperator<DataStream<Ingested>> eventStage) {
        build(env, inputs, sinks, config, eventStage, Stages.ALL);
    }

    /**
     * The topology with an extra stage on the valid outcomes before deduplication (new versions of
     * the job add operators here; stateful ones need uids of their own).
     */
    public static void build(StreamExecutionEnvironment env, Inputs inputs, Sinks sinks, JobConfig config,
            UnaryOperator<DataStream<Ingested>> eventStage, Stages stages) {
        WatermarkStrategy<Ingested> watermarks = WatermarkStrategy
                .<Ingested>forBoundedOutOfOrderness(config.maxOutOfOrderness())
                .withTimestampAssigner((record, kafkaTimestamp) -> record.eventTimestamp())
                .withIdleness(config.idlenessTimeout());

        // Each source routes its own records, chained to it: the raw value never crosses the network.
        SingleOutputStreamOperator<Ingested> posthog = route(env
                .fromSource(inputs.posthog(), watermarks, "posthog-events")
                .uid("source-posthog-events"), "posthog-events", "route-records", "route PostHog records", config);
        SingleOutputStreamOperator<Ingested> providers = route(env
                .fromSource(inputs.providers(), watermarks, "provider-events")
                .uid("source-provider-events"), "provider-events", "route-provider-records", "route provider records", config);

        SingleOutputStreamOperator<Counted> counted = eventStage.apply(posthog.union(providers))
                .keyBy(in -> in.event.dedupKey(), Types.STRING)
                .process(new DeduplicateEvents(config.dedupTtl()))
                .uid("dedup-events")
                .name("deduplicate by event id")
                .keyBy(MatchMessages::keyOf, Types.STRING)
                .process(new MatchMessages(config.sources().ipAttributionWait(), config.sources().ipAttributionMemory(),
                        config.sources().dedupAcrossSources(), config.deadLetterMaxPayloadBytes()))
                .uid("match-messages")
                .name("match reports of one message (across sources, sending IP)");

        posthog.getSideOutput(RouteRecords.DEAD_LETTERS)
                .union(providers.getSideOutput(RouteRecords.DEAD_LETTERS), counted.getSideOutput(MatchMessages.LATE))
                .map(new CountDeadLetters())
                .uid("count-dead-letters")
                .name("count dead letters by reason")
                .sinkTo(sinks.deadLetters())
                .uid("sink-dead-letter-events")
                .name("dead_letter_events");

        // Decisions of one id go to one writer: its versions are upserted in order, never concurrently.
        posthog.getSideOutput(RouteRecords.DECISIONS)
                .keyBy(Decision::decisionId, Types.STRING)
                .sinkTo(sinks.decisions())
                .uid("sink-strategic-decisions")
                .name("strategic_decisions");

        DataStream<DimensionCounts> partials = counted
                .transform("pre-aggregate per dimension and minute", TypeInformation.of(DimensionCounts.class),
                        new PreAggregateCounts(WINDOW.toMillis(), config.emitInterval().toMillis(),
                                config.allowedLateness().plus(WINDOW).toMillis()))
                .uid("pre-aggregate-counts");
        SingleOutputStreamOperator<WindowRow> windows = countWindows(partials, config.allowedLateness(),
                config.sources().ipAttributionWait());

        windows.sinkTo(sinks.windows())
                .uid("sink-deliverability-window")
                .name("deliverability_window");

        if (stages.rollups()) {
            SingleOutputStreamOperator<WindowRow> hourly = rollUp(windows, "rollup-hourly", "roll minutes up into hours",
                    WINDOW, HOUR, config, sinks.minuteHistory());
            hourly.sinkTo(sinks.hourly())
                    .uid("sink-deliverability-hourly")
                    .name("deliverability_hourly");
            rollUp(hourly, "rollup-daily", "roll hours up into days", HOUR, DAY, config, MinuteHistory.NONE)
                    .sinkTo(sinks.daily())
                    .uid("sink-deliverability-daily")
                    .name("deliverability_daily");
        }

        SingleOutputStreamOperator<RiskSnapshot> snapshots = windows.keyBy(WindowRow::key)
                .process(new EvaluateTrailingRisk(config.evaluationWindow(), config.policy(), config.prices()))
                .uid("evaluate-risk")
                .name("evaluate trailing risk");
        snapshots.sinkTo(sinks.snapshots())
                .uid("sink-risk-snapshot")
                .name("risk_snapshot");

        // Snapshots stay on the subtask of their key: no second shuffle to follow alert state.
        DataStreamUtils.reinterpretAsKeyedStream(snapshots.getSideOutput(EvaluateTrailingRisk.SETTLED),
                        s -> DimensionKey.of(s.dimension(), s.value()), Types.STRING)
                .process(new TrackAlertState(config.alertRules().hold(), config.alertRules().repeatInterval()))
                .uid("track-alert-state")
                .name("track alert state")
                .sinkTo(sinks.alerts())
                .uid("sink-alerts")
                .name("alerts and webhook outbox")
                .setParallelism(1);
    }
}
