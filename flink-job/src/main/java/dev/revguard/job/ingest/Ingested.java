package dev.revguard.job.ingest;

import dev.revguard.job.source.DeliveryEvent;
/**
 * One Kafka record after parsing: either an event to count or a dead letter, with the record's
 * coordinates and raw value kept so that an event found late can still be dead-lettered whole.
 * A Flink POJO (public fields, no-argument constructor).
 */
public class Ingested {
    public DeliveryEvent event;
    public DeadLetter deadLetter;
    public String topic;
    public int partition;
    public long offset;
    public byte[] payload;

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

    public static Ingested deadLetter(DeadLetter d) {
        Ingested i = new Ingested();
        i.deadLetter = d;
        i.topic = d.topic();
        i.partition = d.partition();
        i.offset = d.offset();
        return i;
    }

    /** Event time for the watermark strategy; dead letters carry none. */
    public long eventTimestamp() {
        return event == null ? Long.MIN_VALUE : event.timestamp();
    }
}
