package dev.revguard.job.sink;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** How one kind of row is written: an idempotent statement, its key, and its parameters. */
public interface TableWriter<T> extends Serializable {
    /** The table written, the {@code table} label of the sink's {@code rowsWritten} counter. */
    String table();

    /** An {@code INSERT ... ON CONFLICT} statement: writing a row twice leaves one row. */
    String sql();

    /** The row's primary key: of several buffered rows with one key only one is written, see {@link #merge}. */
    Object key(T row);

    /** Which of two buffered rows with one key is written: by default the one written last. */
    default T merge(T buffered, T incoming) {
        return incoming;
    }

    void bind(PreparedStatement statement, T row) throws SQLException;
}
