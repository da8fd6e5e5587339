package dev.revguard.job.tools.generate;

import dev.revguard.job.source.Sources;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * The generator's clock: starts messages at the rate, holds each message's later events until
 * their event time comes, and hands every record to the sink when it is due. Live, the clock is the
 * wall clock and event times are now; for history it jumps from one due time to the next, so a
 * seeded history run writes the same records every time. Duplicates (the same event resent a few
 * seconds later) and malformed records are mixed in at their rates, for every source.
 */
public final class Traffic {
    private static final long PROGRESS_NANOS = 5_000_000_000L;

    /**
     * @param rate       records per second (of event time for history)
     * @param start      event time of the first message (epoch ms); live: now
     * @param end        no event at or after this time is written (epoch ms), Long.MAX_VALUE for none
     * @param history    true: event time runs as fast as the sink takes records
     * @param sources    each message is reported by one of these, chosen at random
     * @param allowed    the malformations to choose from (the intake is never sent truncated JSON)
     */
    public record Settings(double rate, long start, long end, boolean history, List<String> sources,
                           double duplicates, double malformed, Set<Malformation> allowed) {
        public Settings {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("--rate must be above 0");
            }
            if (sources.isEmpty() || allowed.isEmpty()) {
                throw new IllegalArgumentException("no sources or no malformations");
            }
            allowed = EnumSet.copyOf(allowed);
            sources = List.copyOf(sources);
        }
    }

    /** What a run wrote; {@code records} includes duplicates and malformed records. */
    public record Counts(long records, long duplicates, long malformed, Map<String, Long> bySource, long lastEventTime) {}

    private record Due(long emitAt, long seq, SourceRecord record, boolean duplicate, boolean malformed) {}

    private final Settings settings;
    private final Senders senders;
    private final Map<String, Shape> shapes;
    private final Random random;
    private final Sink sink;
    private final PrintStream out;
    private final List<Malformation> allowed;
    private final PriorityQueue<Due> queue =
            new PriorityQueue<>(Comparator.comparingLong(Due::emitAt).thenComparingLong(Due::seq));
    private final Map<String, Long> bySource = new LinkedHashMap<>();
    private long seq;
    private long records;
    private long duplicates;
    private long malformed;
    private long lastEventTime;

    public Traffic(Settings settings, Senders senders, Map<String, Shape> shapes, Random random, Sink sink, PrintStream out) {
        for (String s : settings.sources()) {
            if (!shapes.containsKey(s)) {
                throw new IllegalArgumentException("no shape for source " + s);
            }
        }
        this.settings = settings;
        this.senders = senders;
        this.shapes = shapes;
        this.random = random;
        this.sink = sink;
        this.out = out;
        this.allowed = new ArrayList<>(settings.allowed());
    }

    public Counts run() throws Exception {
        long now = settings.history() ? settings.start() : System.currentTimeMillis();
        long scenarioStart = now;
        if (settings.sources().contains(Sources.POSTHOG)) {
            // The business's decisions, once, first: made days ago, so due at once.
            for (SourceRecord d : DemoDecisions.at(now, random)) {
                queue.add(new Due(now, seq++, d, false, false));
            }
        }
        double nextMessage = now;
        long lastReport = System.nanoTime();
        long lastReported = 0;
        while (true) {
            long nextDue = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().emitAt();
            long wake = Math.min((long) Math.ceil(nextMessage), nextDue);
            if (wake >= settings.end()) {
                break;
            }
            if (settings.history()) {
                now = Math.max(now, wake);
            } else {
                long wait = wake - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(Math.min(wait, 500));
                }
                now = System.currentTimeMillis();
                if (now >= settings.end()) {
                    break;
                }
            }
            while (nextMessage <= now) {
                long t = settings.history() ? (long) nextMessage : now;
                int scheduled = startMessage(t, (t - scenarioStart) / 60_000.0);
                nextMessage += Math.max(1, scheduled) * 1000.0 / settings.rate();
            }
            while (!queue.isEmpty() && queue.peek().emitAt() <= now) {
                emit(queue.poll());
            }
            sink.tick();
            long nanos = System.nanoTime();
            if (nanos - lastReport > PROGRESS_NANOS) {
                out.printf("generate-events: %,d events (%,.0f/s), %,d duplicates, %,d malformed, event time %s%s%n",
                        records, (records - lastReported) / ((nanos - lastReport) / 1e9), duplicates, malformed,
                        Instant.ofEpochMilli(now), suffix());
                lastReport = nanos;
                lastReported = records;
            }
        }
        sink.finish();
        return new Counts(records, duplicates, malformed, Map.copyOf(bySource), lastEventTime);
    }

    /** The per-source counts (when there are several) and the sink's own. */
    private String suffix() {
        StringBuilder s = new StringBuilder();
        if (settings.sources().size() > 1 || !settings.sources().contains(Sources.POSTHOG)) {
            s.append(" |");
            String sep = " ";
            for (Map.Entry<String, Long> e : bySource.entrySet()) {
                s.append(sep).append(e.getKey()).append(' ').append(String.format("%,d", e.getValue()));
                sep = ", ";
            }
        }
        String p = sink.progress();
        if (!p.isEmpty()) {
            s.append(" | ").append(p);
        }
        return s.toString();
    }

    /** Renders one message and queues its records; returns how many. */
    private int startMessage(long t, double minute) {
        List<String> sources = settings.sources();
        String source = sources.size() == 1 ? sources.get(0) : sources.get(random.nextInt(sources.size()));
        Shape shape = shapes.get(source);
        List<SourceRecord> rendered = new ArrayList<>(shape.render(senders.next(t, minute, source, random), random));
        for (SourceRecord r : rendered) {
            boolean broken = random.nextDouble() < settings.malformed();
            SourceRecord record = broken ? shape.malform(r, allowed.get(random.nextInt(allowed.size()))) : r;
            queue.add(new Due(record.eventTime(), seq++, record, false, broken));
            if (random.nextDouble() < settings.duplicates()) {
                // Providers resend an event they think was not taken; it comes again a little later.
                queue.add(new Due(record.eventTime() + (long) (random.nextDouble() * 5_000), seq++, record, true, false));
            }
        }
        return rendered.size();
    }

    private void emit(Due due) throws Exception {
        sink.accept(due.record());
        records++;
        if (due.duplicate()) {
            duplicates++;
        }
        if (due.malformed()) {
            malformed++;
        }
        bySource.merge(due.record().source(), 1L, Long::sum);
        lastEventTime = Math.max(lastEventTime, due.record().eventTime());
    }
}
