package dev.revguard.job.it;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Wraps a sink and fails its task once, on the first write after a checkpoint has started and a
 * number of rows went through, so that the job restarts from a checkpoint in the middle of the
 * stream. The flag is static: the MiniCluster runs in the test JVM.
 */
final class FailOnceSink<T> implements Sink<T> {
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private final Sink<T> delegate;
    private final int failAfterWrites;

    FailOnceSink(Sink<T> delegate, int failAfterWrites) {
        this.delegate = delegate;
        this.failAfterWrites = failAfterWrites;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        SinkWriter<T> writer = delegate.createWriter(context);
        return new SinkWriter<>() {
            private int writes;
            private int checkpoints;

            @Override
            public void write(T element, Context ctx) throws IOException, InterruptedException {
                writes++;
                if (checkpoints > 0 && writes >= failAfterWrites && FAILED.compareAndSet(false, true)) {
                    throw new IOException("injected failure after " + writes + " writes");
                }
                writer.write(element, ctx);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                if (!endOfInput) {
                    checkpoints++;
                }
                writer.flush(endOfInput);
            }

            @Override
            public void close() throws Exception {
                writer.close();
            }
        };
    }
}
