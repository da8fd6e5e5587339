package dev.revguard.job.sink;

import dev.revguard.common.settings.DatabaseSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Writes rows to PostgreSQL in batches of idempotent upserts, sent when the batch is full, every
 * flush interval, and before every checkpoint barrier, which waits until they are committed
 * (at-least-once). Since each row carries its full, deterministic value, a row written again after a
 * restore changes nothing: the table ends exactly-once. Rows with the same key in one batch are
 * written once, with the latest value (or the one {@link TableWriter#merge} picks), which keeps
 * frequent early window updates cheap.
 *
 * <p>A batch is written on a background thread while the next one fills, so the operators chained
 * before the sink do not wait for the database; one batch at a time is in flight, in order.
 */
public class PostgresUpsertSink<T> implements Sink<T> {
    private final DatabaseSettings database;
    private final TableWriter<T> table;
    private final int batchSize;
    private final long flushIntervalMillis;

    public PostgresUpsertSink(DatabaseSettings database, TableWriter<T> table, int batchSize, long flushIntervalMillis) {
        this.database = database;
        this.table = table;
        this.batchSize = batchSize;
        this.flushIntervalMillis = flushIntervalMillis;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        try {
            return new Writer<>(database.connect(), table, batchSize, flushIntervalMillis,
                    context.getProcessingTimeService(),
                    context.metricGroup().addGroup("revguard").addGroup("table", table.table()).counter("rowsWritten"));
        } catch (SQLException e) {
            throw new IOException("cannot connect to " + database.maskedUrl() + ": " + e.getMessage(), e);
        }
    }

    static final class Writer<T> implements SinkWriter<T> {
        private final Connection connection;
        private final PreparedStatement statement;
        private final TableWriter<T> table;
        private final int batchSize;
        private final Counter rowsWritten;
        private final ProcessingTimeService time;
        private final long flushIntervalMillis;
        private final ExecutorService io;
        private Map<Object, T> buffer = new LinkedHashMap<>();
        private Future<?> inFlight;
        private volatile boolean closed;

        Writer(Connection connection, TableWriter<T> table, int batchSize, long flushIntervalMillis,
                ProcessingTimeService time, Counter rowsWritten) throws SQLException {
            this.connection = connection;
            this.connection.setAutoCommit(false);
            this.statement = connection.prepareStatement(table.sql());
            this.table = table;
            this.batchSize = batchSize;
            this.rowsWritten = rowsWritten;
            this.time = time;
            this.flushIntervalMillis = flushIntervalMillis;
            this.io = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "revguard-postgres-" + table.getClass().getSimpleName());
                t.setDaemon(true);
                return t;
            });
            scheduleFlush();
        }

        private void scheduleFlush() {
            time.registerTimer(time.getCurrentProcessingTime() + flushIntervalMillis, t -> {
                if (!closed) {
                    send();
                    scheduleFlush();
                }
            });
        }

        @Override
        public void write(T row, Context context) throws IOException {
            buffer.merge(table.key(row), row, table::merge);
            if (buffer.size() >= batchSize) {
                send();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            send();
            awaitInFlight();
        }

        /** Hands the buffer to the background thread, after the previous batch is committed. */
        private void send() throws IOException {
            if (buffer.isEmpty()) {
                awaitInFlightIfDone();
                return;
            }
            awaitInFlight();
            Map<Object, T> batch = buffer;
            buffer = new LinkedHashMap<>();
            inFlight = io.submit(() -> {
                writeBatch(batch);
                return null;
            });
        }

        private void awaitInFlightIfDone() throws IOException {
            if (inFlight != null && inFlight.isDone()) {
                awaitInFlight();
            }
        }

        private void awaitInFlight() throws IOException {
            if (inFlight == null) {
                return;
            }
            try {
                inFlight.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing to PostgreSQL", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } finally {
                inFlight = null;
            }
        }

        private void writeBatch(Map<Object, T> batch) throws IOException {
            try {
                for (T row : batch.values()) {
                    table.bind(statement, row);
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
                rowsWritten.inc(batch.size());
            } catch (SQLException e) {
                SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                throw new IOException("writing " + batch.size() + " rows to PostgreSQL failed: " + cause.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            closed = true;
            io.shutdownNow();
            io.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            try (connection; statement) {
                if (!connection.isClosed() && !connection.getAutoCommit()) {
                    connection.rollback();
                }
            }
        }
    }
}
