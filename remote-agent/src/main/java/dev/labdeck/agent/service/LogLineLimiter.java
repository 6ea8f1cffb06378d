package dev.labdeck.agent.service;

/**
 * Keeps a chatty service from flooding the event stream: at most {@code perSecond} lines are
 * streamed per second; the rest only go to the log file, and the next streamed line says how
 * many were held back.
 */
final class LogLineLimiter {
    private final int perSecond;
    private long windowStartMs;
    private int inWindow;
    private long suppressed;

    LogLineLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Returns -1 when the line must not be streamed, else how many lines were suppressed before it. */
    synchronized long admit(long nowMs) {
        if (nowMs - windowStartMs >= 1000) {
            windowStartMs = nowMs;
            inWindow = 0;
        }
        if (inWindow >= perSecond) {
            suppressed++;
            return -1;
        }
        inWindow++;
        long before = suppressed;
        suppressed = 0;
        return before;
    }
}
