package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.labdeck.testkit.Eventually;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Before the controller's first request the switch waits for the first-contact time, not the
 * heartbeat timeout (a slow controller on a loaded host must still find its agent); after it, the
 * heartbeat timeout alone counts.
 */
class DeadmanFirstContactTest {

    @Test
    void waitsForTheFirstContactThenCountsTheHeartbeatTimeout() throws Exception {
        AtomicBoolean fired = new AtomicBoolean();
        DeadmanSwitch deadman = new DeadmanSwitch(100, 60_000, () -> fired.set(true));
        deadman.beat();
        deadman.start();
        try {
            Thread.sleep(1_000); // ten heartbeat timeouts without a request: still waiting for the first contact
            assertFalse(fired.get(), "fired before the controller's first request");
            deadman.contact();
            Eventually.await("the switch fires once the controller went silent after its first request",
                    Duration.ofSeconds(10), fired::get);
        } finally {
            deadman.stop();
        }
    }
}
