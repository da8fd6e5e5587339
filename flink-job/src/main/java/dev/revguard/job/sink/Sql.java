package dev.revguard.job.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Binding helpers shared by the writers. */
public final class Sql {
    private Sql() {}

    /** Binds a rate that may be null (a zero denominator). */
    public static void setNullableDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
    }
}
