package dev.revguard.query.utilization;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The PromQL of the utilization answer, over node-exporter metrics, one query per resource and
 * aggregation for all instances at once, each result grouped {@code by (instance)}.
 *
 * <p>Two things shape these expressions. A series younger than its range (a server added minutes ago,
 * or a Prometheus just started) has fewer samples than the range holds, and {@code rate()} divides by
 * the whole range: {@code rate(x[1h])} of 30 seconds of data is about 1/120 of the real rate. So the CPU
 * share is a ratio of two rates over the same samples (idle seconds ÷ all CPU seconds) and the network
 * throughput is {@code increase()} of the byte counters ÷ {@code delta()} of the exporter's clock
 * ({@code node_time_seconds}, scraped with them), where the extrapolation cancels. And the 7-day peaks of
 * counters are subqueries of 5-minute windows at 5-minute steps, which have no result until the first
 * aligned step with data; the client then takes the last hour's mean as the peak
 * ({@link Utilization#of}).
 */
final class UsageQueries {
    static final String LAST_HOUR = "1h";
    static final String PEAK_RANGE = "7d";
    static final String PEAK_WINDOW = "5m";

    /**
     * Interfaces whose traffic does not leave the server, or is counted again on its link: loopback and
     * the bridges and veth pairs of containers and VMs.
     */
    static final String VIRTUAL_INTERFACES = "lo|veth.*|docker[0-9]*|br-.*|virbr.*|cni.*|flannel.*|cali.*";

    /**
     * Pseudo filesystems left out of the disk fallback (node exporter already leaves out proc, sysfs,
     * overlay and the like).
     */
    static final String MEMORY_FILESYSTEMS = "tmpfs|ramfs|devtmpfs";

    private UsageQueries() {}

    /** The resources measured, in the answer's order. */
    enum Resource { CPU, MEMORY, DISK, NETWORK }

    /** The label matcher {@code instance=~"a|b"} for exactly these instances. */
    static String instanceMatcher(Collection<String> instances) {
        String regex = instances.stream().distinct().map(UsageQueries::regexQuote).collect(Collectors.joining("|"));
        return "instance=~" + stringLiteral(regex);
    }

    /** The mean share of the resource over the last hour, per instance. */
    static String lastHour(Resource resource, String instances) {
        return switch (resource) {
            case CPU -> cpuBusy(instances, LAST_HOUR);
            case MEMORY -> "1 - sum by (instance) (avg_over_time(node_memory_MemAvailable_bytes{" + instances + "}[1h]))"
                    + " / sum by (instance) (avg_over_time(node_memory_MemTotal_bytes{" + instances + "}[1h]))";
            case DISK -> rootOrFullest(instances, fs -> "max by (instance) (1 - avg_over_time(node_filesystem_avail_bytes{" + fs
                    + "}[1h]) / (avg_over_time(node_filesystem_size_bytes{" + fs + "}[1h]) > 0))");
            case NETWORK -> networkBytesPerSecond(instances, LAST_HOUR);
        };
    }

    /**
     * The highest share of the resource over the last 7 days, per instance. CPU and network: the highest
     * 5-minute mean. Memory and disk: from every raw sample, the least available ÷ the largest size of
     * the week, exact while the size stays the same (after a resize it mixes the two sizes).
     */
    static String peak7d(Resource resource, String instances) {
        return switch (resource) {
            case CPU -> "max_over_time((" + cpuBusy(instances, PEAK_WINDOW) + ")[7d:5m])";
            case MEMORY -> "1 - sum by (instance) (min_over_time(node_memory_MemAvailable_bytes{" + instances + "}[7d]))"
                    + " / sum by (instance) (max_over_time(node_memory_MemTotal_bytes{" + instances + "}[7d]))";
            case DISK -> rootOrFullest(instances, fs -> "max by (instance) (1 - min_over_time(node_filesystem_avail_bytes{" + fs
                    + "}[7d]) / (max_over_time(node_filesystem_size_bytes{" + fs + "}[7d]) > 0))");
            case NETWORK -> "max_over_time((" + networkBytesPerSecond(instances, PEAK_WINDOW) + ")[7d:5m])";
        };
    }

    /** 1 − idle CPU seconds ÷ all CPU seconds: the busy share averaged over the instance's CPUs. */
    private static String cpuBusy(String instances, String window) {
        return "1 - sum by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"," + instances + "}[" + window + "]))"
                + " / sum by (instance) (rate(node_cpu_seconds_total{" + instances + "}[" + window + "]))";
    }

    /**
     * Received + transmitted bytes per second over the window's samples, physical interfaces only. Without
     * the exporter's time collector it falls back to plain rates (low while a series is younger than the
     * window).
     */
    private static String networkBytesPerSecond(String instances, String window) {
        String rx = "node_network_receive_bytes_total{device!~\"" + VIRTUAL_INTERFACES + "\"," + instances + "}[" + window + "]";
        String tx = "node_network_transmit_bytes_total{device!~\"" + VIRTUAL_INTERFACES + "\"," + instances + "}[" + window + "]";
        return "((sum by (instance) (increase(" + rx + ")) + sum by (instance) (increase(" + tx + ")))"
                + " / on (instance) (max by (instance) (delta(node_time_seconds{" + instances + "}[" + window + "])) > 0))"
                + " or (sum by (instance) (rate(" + rx + ")) + sum by (instance) (rate(" + tx + ")))";
    }

    /**
     * The root filesystem ({@code mountpoint="/"}); for an instance without one (an exporter in a
     * container without the host's root, whose own root is an overlay), the fullest of its other
     * filesystems that are not in memory.
     */
    private static String rootOrFullest(String instances, java.util.function.UnaryOperator<String> share) {
        return "(" + share.apply("mountpoint=\"/\"," + instances) + ") or ("
                + share.apply("fstype!~\"" + MEMORY_FILESYSTEMS + "\"," + instances) + ")";
    }

    /** The value as an RE2 regular expression matching only itself. */
    static String regexQuote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A double-quoted PromQL string holding exactly the value. */
    static String stringLiteral(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
