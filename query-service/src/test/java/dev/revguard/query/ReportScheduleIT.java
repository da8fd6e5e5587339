package dev.revguard.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@code REPORT_SCHEDULE} across two service instances sharing one database and one clock the test moves:
 * every slot gets exactly one report however the instances race for it, each covering the time since the slot
 * before; slots passed while every instance was down are made by the next one to start.
 */
class ReportScheduleIT {
    private static final Map<String, String> DAILY = Map.of("REPORT_SCHEDULE", "daily 08:00", "REPORT_TIMEZONE",
            "Europe/Berlin", "REPORT_CHECK_EVERY", "1h");

    private static List<Instant[]> scheduled(TestData data) throws Exception {
        List<Instant[]> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestData.URL, "postgres", null); Statement s = c.createStatement()) {
            c.setSchema(data.schema);
            ResultSet rs = s.executeQuery("SELECT scheduled_for, period_from, period_to FROM executive_reports "
                    + "WHERE origin = 'schedule' ORDER BY scheduled_for");
            while (rs.next()) {
                rows.add(new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant()});
            }
        }
        return rows;
    }

    @Test
    void twoInstancesMakeExactlyOneReportPerSlotAndCatchUpAfterDowntime() throws Exception {
        try (TestData data = new TestData(false, DAILY)) {
            // Tue 24 Nov 2026 08:00 Berlin = 07:00 UTC; the clock starts just before it
            Instant first = Instant.parse("2026-11-24T07:00:00Z");
            MutableClock clock = new MutableClock(first.minusSeconds(60));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try (TestData.Instance a = data.instance(clock); TestData.Instance b = data.instance(clock)) {
                a.app().start(0);
                b.app().start(0);
                // at start each checks at once on its own thread: the latest slot (Mon 23 Nov 08:00), when none is
                // stored yet, is made by one of them
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (scheduled(data).isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                for (int day = 0; day < 3; day++) {
                    clock.set(first.plus(Duration.ofDays(day)).plusSeconds(1));
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<List<Long>>> runs = new ArrayList<>();
                    for (TestData.Instance i : List.of(a, b, a, b)) {
                        runs.add(pool.submit(() -> {
                            go.await();
                            return i.reports().scheduler().runDue();
                        }));
                    }
                    go.countDown();
                    int made = 0;
                    for (Future<List<Long>> f : runs) {
                        made += f.get().size(); // a run that finds the lock taken leaves the slot to its holder
                    }
                    // and once more each, in turn: whoever made it, the slot has exactly one report
                    made += a.reports().scheduler().runDue().size() + b.reports().scheduler().runDue().size();
                    assertThat(made).as("day " + day).isEqualTo(1);
                }
                a.app().stop();
                b.app().stop();
            }
            List<Instant[]> rows = scheduled(data);
            assertThat(rows).extracting(r -> r[0]).containsExactly(first.minus(Duration.ofDays(1)), first,
                    first.plus(Duration.ofDays(1)), first.plus(Duration.ofDays(2)));
            for (Instant[] r : rows) {
                assertThat(r[2]).isEqualTo(r[0]);
                assertThat(Duration.between(r[1], r[2])).isEqualTo(Duration.ofDays(1));
            }

            // every instance down for three days and a half: the next to start makes the three slots it missed
            clock.set(first.plus(Duration.ofDays(5)).plus(Duration.ofHours(12)));
            try (TestData.Instance c = data.instance(clock)) {
                c.app().start(0); // its first check runs at once on its own thread
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (scheduled(data).size() < 7 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(c.reports().scheduler().runDue()).isEmpty();
                c.app().stop();
            }
            assertThat(scheduled(data)).extracting(r -> r[0]).containsExactly(first.minus(Duration.ofDays(1)), first,
                    first.plus(Duration.ofDays(1)), first.plus(Duration.ofDays(2)), first.plus(Duration.ofDays(3)),
                    first.plus(Duration.ofDays(4)), first.plus(Duration.ofDays(5)));
            pool.shutdownNow();
        }
    }

    @Test
    void theUniqueSlotKeyRefusesASecondReportForOneSlot() throws Exception {
        try (TestData data = new TestData(false, DAILY)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-11-24T07:00:01Z"));
            try (TestData.Instance a = data.instance(clock)) {
                assertThat(a.reports().scheduler().runDue()).hasSize(1);
                Instant slot = scheduled(data).get(0)[0];
                // made by hand as a racing instance without the lock would: the key refuses it
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.reports().store().jdbi().useTransaction(h ->
                                a.reports().maker().make(h, slot.minus(Duration.ofDays(1)), slot,
                                        dev.revguard.query.report.ReportMaker.Origin.SCHEDULE, slot, "schedule", false)))
                        .hasMessageContaining("executive_reports_scheduled_for_key");
                assertThat(scheduled(data)).hasSize(1);
            }
        }
    }
}
