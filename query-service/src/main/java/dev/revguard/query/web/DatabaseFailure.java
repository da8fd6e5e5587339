package dev.revguard.query.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Tells a failure of the database's availability (unreachable, restarting, not answering within the
 * timeouts) from a fault of the service: the first is a 503 the caller may retry, the second a 500.
 */
public final class DatabaseFailure {
    private DatabaseFailure() {}

    /**
     * Why the database could not answer, and the driver's or the pool's own words, without the statement.
     *
     * @param reason what the caller is told
     * @param cause the message of the exception that says so, for the log
     */
    public record Unavailable(String reason, String cause) {}

    /** Why the database could not answer, when that is what {@code e} or one of its causes says; else empty. */
    public static Optional<Unavailable> of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return unavailable("no database connection within the acquire timeout", t);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")) {
                    return unavailable("the database connection failed", t);
                }
                switch (state) {
                    case "57P01", "57P02", "57P03" -> {
                        return unavailable("the database is shutting down or starting", t);
                    }
                    case "57014" -> {
                        return unavailable("the database did not answer within the query timeout", t);
                    }
                    case "53300" -> {
                        return unavailable("the database has too many connections", t);
                    }
                    default -> {
                        // another SQL state: a fault of the query, not of the database's availability
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Unavailable> unavailable(String reason, Throwable t) {
        return Optional.of(new Unavailable(reason, t.getClass().getSimpleName() + ": " + t.getMessage()));
    }
}
