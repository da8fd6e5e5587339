package dev.revguard.job.tools.generate;

import java.util.List;
import java.util.Random;

/** How one source writes a message's events: one implementation per source, each its own JSON. */
public interface Shape {

    /** The source name ({@code posthog}, {@code sendgrid}, {@code mailgun}, {@code ses}). */
    String source();

    /** Every event of the message as this source's records, in the order of its steps. */
    List<SourceRecord> render(Message message, Random random);

    /** The record with one defect; {@link Malformation#TRUNCATED} is the same for every source. */
    default SourceRecord malform(SourceRecord record, Malformation kind) {
        if (kind == Malformation.TRUNCATED) {
            return record.truncate();
        }
        return breakField(record, kind);
    }

    /** The record with an undocumented event type or without its event id (a changed copy). */
    SourceRecord breakField(SourceRecord record, Malformation kind);
}
