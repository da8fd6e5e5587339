package dev.revguard.job.ingest;

import dev.revguard.job.source.SourceParser;
import java.io.Serializable;

/** Makes a source's parser on the task manager, from plain values captured where the job is assembled. */
@FunctionalInterface
public interface ParserFactory extends Serializable {
    SourceParser create();
}
