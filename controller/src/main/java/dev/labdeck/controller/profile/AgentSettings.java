package dev.labdeck.controller.profile;

import java.time.Duration;
import java.util.Map;

/**
 * How agents are run for this profile (the profile's {@code agent} section).
 *
 * @param port              agent port on each host (default 8080, as in the seed)
 * @param bind              address the agent binds; 127.0.0.1 unless the profile says otherwise
 * @param heartbeatTimeout  the dead-man switch (default 10 s)
 * @param acceptNewHostKeys accept and remember SSH host keys not yet known (a changed key is always refused)
 */
public record AgentSettings(
        @Key(port = true, orElse = "8080", what = "agent port",
                doc = "the port each host's agent listens on (reached through the SSH tunnel)") int port,
        @Key(orElse = "127.0.0.1", what = "agent bind address",
                doc = "the address the agent binds; anything but 127.0.0.1 is an explicit choice") String bind,
        @Key(positive = true, orElse = "10s",
                doc = "the dead-man switch: the agent undoes the run when the controller is silent this long")
        Duration heartbeatTimeout,
        @Key(orElse = "false",
                doc = "accept and remember SSH host keys not yet known (a changed key is always refused)")
        boolean acceptNewHostKeys) {

    public static AgentSettings defaults() {
        return ProfileDefinition.build(AgentSettings.class, Map.of());
    }
}
