package dev.labdeck.controller.profile;

import java.time.Duration;

/**
 * How agents are run for this profile.
 *
 * @param port              agent port on each host (default 8080, as in the seed)
 * @param bind              address the agent binds; 127.0.0.1 unless the profile says otherwise
 * @param heartbeatTimeout  the dead-man switch (default 10 s)
 * @param acceptNewHostKeys accept and remember SSH host keys not yet known (a changed key is always refused)
 */
public record AgentSettings(int port, String bind, Duration heartbeatTimeout, boolean acceptNewHostKeys) {
    public static AgentSettings defaults() {
        return new AgentSettings(8080, "127.0.0.1", Duration.ofSeconds(10), false);
    }
}
