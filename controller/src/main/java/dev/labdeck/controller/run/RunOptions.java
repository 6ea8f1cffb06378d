package dev.labdeck.controller.run;

import dev.labdeck.controller.transport.TransportOptions;
import java.nio.file.Path;

/**
 * How to run a profile, beyond the profile itself.
 *
 * @param outputDirectory the run directory to use ({@code --out}), or null for a new one below {@code runsRoot}
 * @param runsRoot        where new run directories go, or null for the profile's results directory
 *                        (default {@code runs/}) relative to the working directory
 * @param transport       how hosts are reached (known_hosts, accepting new host keys, where the agent is)
 * @param preflightOnly   stop after PREFLIGHT (agents asked, nothing changed), then tear down and report
 */
public record RunOptions(Path outputDirectory, Path runsRoot, TransportOptions transport, boolean preflightOnly) {

    public static RunOptions defaults() {
        return new RunOptions(null, null, TransportOptions.defaults(), false);
    }

    public RunOptions withOutputDirectory(Path dir) {
        return new RunOptions(dir, runsRoot, transport, preflightOnly);
    }

    public RunOptions withRunsRoot(Path root) {
        return new RunOptions(outputDirectory, root, transport, preflightOnly);
    }

    public RunOptions withTransport(TransportOptions options) {
        return new RunOptions(outputDirectory, runsRoot, options, preflightOnly);
    }

    public RunOptions withPreflightOnly(boolean only) {
        return new RunOptions(outputDirectory, runsRoot, transport, only);
    }
}
