package dev.revguard.job.match;

import java.util.Arrays;

/**
 * What {@link MatchMessages} keeps of one provider message, as one state value (one read and one
 * write per event): the sending IPs its provider events named (each with the earliest event time
 * that named it), the unmatched reports per (recipient domain, status) — positive for the
 * provider's, negative for PostHog's — and its outcomes waiting for their IP. Arrays, as a message
 * has a few of each, and so the value is a plain Flink POJO. An empty value is not kept.
 */
public class MessageState {
    public String[] ips = new String[0];
    public long[] ipTimes = new long[0];
    public String[] reportKeys = new String[0];
    public int[] reportBalances = new int[0];
    public PendingOutcome[] pending = new PendingOutcome[0];

    public MessageState() {}

    /** Records that {@code ip} was named at {@code time}; true when that changed anything. */
    boolean nameIp(String ip, long time) {
        for (int i = 0; i < ips.length; i++) {
            if (ips[i].equals(ip)) {
                if (time < ipTimes[i]) {
                    ipTimes[i] = time;
                    return true;
                }
                return false;
            }
        }
        ips = Arrays.copyOf(ips, ips.length + 1);
        ipTimes = Arrays.copyOf(ipTimes, ipTimes.length + 1);
        ips[ips.length - 1] = ip;
        ipTimes[ipTimes.length - 1] = time;
        return true;
    }

    /** The IP named earliest within [from, to], ties by name; null when none was. */
    String earliestIpBetween(long from, long to) {
        String best = null;
        long bestTime = Long.MAX_VALUE;
        for (int i = 0; i < ips.length; i++) {
            long t = ipTimes[i];
            if (t < from || t > to) {
                continue;
            }
            if (t < bestTime || t == bestTime && ips[i].compareTo(best) < 0) {
                best = ips[i];
                bestTime = t;
            }
        }
        return best;
    }

    int balance(String key) {
        for (int i = 0; i < reportKeys.length; i++) {
            if (reportKeys[i].equals(key)) {
                return reportBalances[i];
            }
        }
        return 0;
    }

    void setBalance(String key, int balance) {
        for (int i = 0; i < reportKeys.length; i++) {
            if (reportKeys[i].equals(key)) {
                if (balance != 0) {
                    reportBalances[i] = balance;
                    return;
                }
                int last = reportKeys.length - 1;
                reportKeys[i] = reportKeys[last];
                reportBalances[i] = reportBalances[last];
                reportKeys = Arrays.copyOf(reportKeys, last);
                reportBalances = Arrays.copyOf(reportBalances, last);
                return;
            }
        }
        if (balance != 0) {
            reportKeys = Arrays.copyOf(reportKeys, reportKeys.length + 1);
            reportBalances = Arrays.copyOf(reportBalances, reportBalances.length + 1);
            reportKeys[reportKeys.length - 1] = key;
            reportBalances[reportBalances.length - 1] = balance;
        }
    }

    void addPending(PendingOutcome p) {
        pending = Arrays.copyOf(pending, pending.length + 1);
        pending[pending.length - 1] = p;
    }

    boolean isEmpty() {
        return ips.length == 0 && reportKeys.length == 0 && pending.length == 0;
    }
}
