package dev.revguard.query.efficiency;

import java.util.Map;

/**
 * One recommended action: why, the numbers behind it, and what it is worth a month in dollars
 * (null when it cannot be priced).
 *
 * @param link the dashboard's view of the sender or IP concerned ({@code ?dimension=...&value=...}), of the
 *     decision concerned ({@code #decision-<id>}), or null
 */
public record Recommendation(String kind, String title, String reason, Map<String, Object> evidence,
        Double expectedValueUsd, String link) {}
