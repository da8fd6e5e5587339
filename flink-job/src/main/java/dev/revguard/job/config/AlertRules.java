package dev.revguard.job.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How alerts are decided (see {@code alert/TrackAlertState}); how they are delivered is {@link DeliverySettings}.
 *
 * @param hold how long (event time) a new severity must hold before it becomes a transition
 * @param repeatInterval how often (event time) an unacknowledged firing alert is notified again
 */
public record AlertRules(Duration hold, Duration repeatInterval) implements Serializable {}
