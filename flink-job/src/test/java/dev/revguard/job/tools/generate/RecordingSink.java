package dev.revguard.job.tools.generate;

import java.util.ArrayList;
import java.util.List;

/** Keeps every record it is given, in order. */
final class RecordingSink implements Sink {
    final List<SourceRecord> records = new ArrayList<>();
    boolean finished;

    @Override
    public void accept(SourceRecord record) {
        records.add(record);
    }

    @Override
    public void finish() {
        finished = true;
    }
}
