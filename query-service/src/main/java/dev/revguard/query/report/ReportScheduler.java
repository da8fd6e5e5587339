package dev.revguard.query.report;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the scheduled reports: at each check, every slot of {@code REPORT_SCHEDULE} since the latest stored one
 * (at most {@code REPORT_CATCH_UP_LIMIT}, the latest ones; with none stored yet, the latest slot), so a slot
 * passed while the service was down is made at the next start. Each slot is made under a transaction-scoped
 * advisory lock and checked again inside it, and {@code scheduled_for} is unique: however many instances run,
 * a slot gets exactly one report.
 */
public final class ReportScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ReportScheduler.class);

    private final ReportMaker maker;
    private final ReportStore store;
    private final ReportSchedule schedule;
    private final int catchUpLimit;
    private final boolean email;
    private final Clock clock;

    public ReportScheduler(ReportMaker maker, ReportStore store, ReportSchedule schedule, int catchUpLimit, boolean email,
            Clock clock) {
        this.maker = maker;
        this.store = store;
        this.schedule = schedule;
        this.catchUpLimit = catchUpLimit;
        this.email = email;
        this.clock = clock;
    }

    /** Makes the due slots' reports this instance can; returns the ids it made. */
    public List<Long> runDue() {
        List<Long> made = new ArrayList<>();
        Instant now = clock.instant();
        Instant latest = store.jdbi().withHandle(store::latestScheduled);
        Instant after = latest != null ? latest : schedule.previous(schedule.latestAtOrBefore(now));
        for (Instant slot : schedule.slotsBetween(after, now, catchUpLimit)) {
            Long id = store.jdbi().inTransaction(h -> {
                if (!store.tryScheduleLock(h)) {
                    return null; // another instance is making a report of this schedule right now
                }
                if (store.scheduledExists(h, slot)) {
                    return null;
                }
                return maker.make(h, schedule.previous(slot), slot, ReportMaker.Origin.SCHEDULE, slot, "schedule", email);
            });
            if (id != null) {
                made.add(id);
                LOG.info("Scheduled executive report {} made for the slot {} ({})", id, slot, schedule);
            }
        }
        return made;
    }
}
