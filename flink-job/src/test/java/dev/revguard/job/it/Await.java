package dev.revguard.job.it;

import java.time.Duration;
import java.util.concurrent.Callable;

final class Await {
    private Await() {}

    /** Polls a condition every 100 ms; fails with the condition's name when time runs out. */
    static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
    }
}
