package dev.labdeck.controller.profile;

/**
 * How a service is stopped through its stdin (a service's {@code stop_input}), for programs with
 * their own clean stop, such as an interactive {@code dpdk-testpmd -i}: at TEARDOWN every service
 * with a {@code quiesce} line gets it first (testpmd's {@code stop}: its forwarding ends) before any
 * service is stopped, so no memif peer disconnects from a process that still forwards (DPDK 22.11's
 * memif driver can segfault then); then each, in reverse start order, gets its {@code quit} line,
 * and its stop signal only when it has not exited within {@code stop_grace}.
 *
 * @param quiesce  written to stdin at the start of TEARDOWN, before any service is stopped; null for none
 * @param quiesced a regular expression on the output line that says {@code quiesce} took effect
 *                 (testpmd prints {@code Done.} after its statistics); TEARDOWN waits up to stop_grace for it
 * @param quit     written to stdin when its turn to stop comes; null: the stop signal at once
 */
public record ServiceStopInput(
        @Key(doc = "a line written to its stdin when TEARDOWN starts, before any service is stopped, e.g. testpmd's"
                + " 'stop' (forwarding ends everywhere before a memif peer goes away)") String quiesce,
        @Key(doc = "a regular expression on the output line that says the quiesce line took effect, e.g. '^Done\\\\.$';"
                + " TEARDOWN waits up to stop_grace for it") String quiesced,
        @Key(doc = "a line written to its stdin when its turn to stop comes, e.g. testpmd's 'quit'; the stop signal"
                + " follows only when it has not exited within stop_grace") String quit) {}
