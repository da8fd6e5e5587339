package dev.revguard.job.source;

/**
 * One version of a strategic decision, as a {@code strategic_decision_event} gave it. The version
 * with the latest {@code decidedAt} (ties: the larger {@code eventId}) is the decision; see
 * {@code sql/V6__strategic_decisions.sql}.
 *
 * @param eventId the event's {@code uuid}
 * @param decidedAt the event time, epoch milliseconds
 * @param reviewDate {@code YYYY-MM-DD}, or null
 * @param status {@code proposed} (when absent), {@code approved}, {@code implemented} or {@code reverted}
 * @param costUsd what the decision costs, or null
 * @param outcomesJson the expected outcomes as a JSON array of {@code {kpi, baseline, target, due}},
 *     checked and rewritten in that form (a plain string: no generic types in Flink's records)
 */
public record Decision(
        String decisionId,
        String eventId,
        long decidedAt,
        String decisionType,
        String maker,
        String title,
        String reviewDate,
        String status,
        Double costUsd,
        String scopeDimension,
        String scopeValue,
        String outcomesJson) {}
