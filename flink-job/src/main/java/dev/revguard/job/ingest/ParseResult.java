package dev.revguard.job.ingest;

import dev.revguard.job.source.DeliveryEvent;
/**
 * What parsing one record gave: an event to count, a reason it is bad, or nothing to do (an
 * event the job does not use).
 */
public record ParseResult(DeliveryEvent event, String error, Kind kind) {

    public enum Kind { EVENT, INVALID, IGNORED_EVENT, IGNORED_STATUS }

    public static ParseResult event(DeliveryEvent e) {
        return new ParseResult(e, null, Kind.EVENT);
    }

    public static ParseResult invalid(String reason) {
        return new ParseResult(null, reason, Kind.INVALID);
    }

    public static final ParseResult IGNORED_EVENT = new ParseResult(null, null, Kind.IGNORED_EVENT);
    public static final ParseResult IGNORED_STATUS = new ParseResult(null, null, Kind.IGNORED_STATUS);
}
