package dev.revguard.job.ingest;

import dev.revguard.job.source.Decision;
import dev.revguard.job.source.DeliveryEvent;
import dev.revguard.job.source.Reasons;

/**
 * One outcome read from Kafka, a strategic decision, or a dead letter, with the record's coordinates. The raw value is
 * kept while the outcome may still become a dead letter (when it is late), and two flags say what
 * the routing found: {@code late} (a dead letter unless it turns out to be a duplicate) and
 * {@code duplicate} (already counted; passed on only to give its message's sending IP). A Flink
 * POJO (public fields, no-argument constructor).
 */
public class Ingested {
    public DeliveryEvent event;
    public Decision decision;
    public DeadLetter deadLetter;
    public String topic;
    public int partition;
    public long offset;
    public byte[] payload;
    public boolean late;
    public boolean duplicate;

    public Ingested() {}

    public static Ingested event(DeliveryEvent e, String topic, int partition, long offset, byte[] payload) {
        Ingested i = new Ingested();
        i.event = e;
        i.topic = topic;
        i.partition = partition;
        i.offset = offset;
        i.payload = payload;
        return i;
    }

    public static Ingested decision(Decision d, String topic, int partition, long offset) {
        Ingested i = new Ingested();
        i.decision = d;
        i.topic = topic;
        i.partition = partition;
        i.offset = offset;
        return i;
    }

    public static Ingested deadLetter(DeadLetter d) {
        Ingested i = new Ingested();
        i.deadLetter = d;
        i.topic = d.topic();
        i.partition = d.partition();
        i.offset = d.offset();
        return i;
    }

    /** Event time for the watermark strategy; decisions and dead letters carry none (they have no window). */
    public long eventTimestamp() {
        return event == null ? Long.MIN_VALUE : event.timestamp();
    }

    /** The dead letter this late outcome becomes. */
    public DeadLetter asLate(int maxPayloadBytes) {
        return DeadLetter.of(topic, partition, offset, event.source(), Reasons.LATE, null, payload, maxPayloadBytes);
    }
}
