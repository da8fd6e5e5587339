package dev.revguard.job.tools.generate;

/** Where generated records go: Kafka, the HTTP intake, or a test's list. */
public interface Sink {

    /** Takes one record; may block while the destination catches up. */
    void accept(SourceRecord record) throws Exception;

    /** Called on every turn of the traffic loop, at least twice a second when live. */
    default void tick() throws Exception {}

    /** Appended to the progress line. */
    default String progress() {
        return "";
    }

    /** Sends what is buffered and waits for every answer. */
    void finish() throws Exception;
}
