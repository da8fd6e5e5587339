package dev.revguard.job.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches {@code deliverability_window} while a fault runs, reading every row a few times a second, and records
 * every value a reader of the table could have seen that the correct result rules out: a row no event belongs to,
 * a count above the row's final count (an event counted twice), and a row that was final and then went back to
 * being open or to a smaller count (a replay writing an older value over a newer one).
 */
final class WindowRowWatch implements AutoCloseable {
    private final TestDatabase db;
    private final Map<String, long[]> expected = new HashMap<>();
    private final Map<String, long[]> seenFinal = new HashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int reads;
    private volatile int readFailures;

    /** @param expectedRows the rows of {@link Scenario#WINDOW_QUERY} at the end */
    WindowRowWatch(TestDatabase db, List<String> expectedRows) {
        this.db = db;
        for (String row : expectedRows) {
            expected.put(key(row), counts(row));
        }
        thread = new Thread(this::run, "window-row-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                check(db.rows(Scenario.WINDOW_QUERY));
                reads++;
            } catch (Exception e) {
                readFailures++;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void check(List<String> rows) {
        for (String row : rows) {
            String key = key(row);
            long[] c = counts(row);
            boolean isFinal = row.endsWith("| true");
            long[] end = expected.get(key);
            if (end == null) {
                violation("a row no event belongs to: " + row);
                continue;
            }
            for (int i = 0; i < c.length; i++) {
                if (c[i] > end[i]) {
                    violation("a count above the final one: " + row);
                    break;
                }
            }
            long[] before = seenFinal.get(key);
            if (before != null) {
                boolean smaller = false;
                for (int i = 0; i < c.length; i++) {
                    smaller |= c[i] < before[i];
                }
                if (!isFinal || smaller) {
                    violation("a final row went back: " + row);
                }
            }
            if (isFinal) {
                seenFinal.merge(key, c, (a, b) -> b);
            }
        }
    }

    private void violation(String what) {
        if (violations.size() < 50 && !violations.contains(what)) {
            violations.add(what);
        }
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    int reads() {
        return reads;
    }

    int readFailures() {
        return readFailures;
    }

    int finalRowsSeen() {
        return seenFinal.size();
    }

    private static String key(String row) {
        String[] f = row.split(" \\| ");
        return f[0] + " | " + f[1] + " | " + f[2];
    }

    private static long[] counts(String row) {
        String[] f = row.split(" \\| ");
        long[] c = new long[7];
        for (int i = 0; i < 7; i++) {
            c[i] = Long.parseLong(f[4 + i]);
        }
        return c;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
