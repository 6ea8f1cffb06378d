package dev.labdeck.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The tests' one way to wait: on a condition, with a deadline, polling every 20 ms (Awaitility),
 * in the test's own thread (as a hand-written loop would: no surprise for thread-bound state).
 * Never sleep-and-hope. A timeout fails with what was awaited and, where given, the state seen
 * last, e.g. {@code Eventually.await("dst counted 100 packets", Duration.ofSeconds(10),
 * () -> rx() >= 100, () -> "rx " + rx())}.
 */
public final class Eventually {
    private static final Duration POLL = Duration.ofMillis(20);

    private Eventually() {}

    /** What is awaited; it may throw, which ends the wait with that exception. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds. */
    public static void await(String what, Duration timeout, Condition condition) {
        await(what, timeout, condition, () -> "");
    }

    /** Waits until {@code condition} holds; a timeout names {@code what} and {@code state}'s last word. */
    public static void await(String what, Duration timeout, Condition condition, Supplier<String> state) {
        try {
            Awaitility.await(what).atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(condition::holds);
        } catch (ConditionTimeoutException e) {
            String seen = state.get();
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + (seen.isEmpty() ? "" : ": " + seen), e);
        }
    }

    /**
     * Waits until {@code value} gives something {@code done} accepts, and returns it; exceptions
     * thrown by {@code value} while waiting count as "not yet" and the last one is the timeout's cause.
     */
    public static <T> T value(String what, Duration timeout, Callable<T> value, Predicate<? super T> done) {
        try {
            return Awaitility.await(what).atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(POLL)
                    .ignoreExceptions().until(value, done::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what, e);
        }
    }
}
