package dev.labdeck.agent.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One thing an agent changed on its host, as its journal records it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Change.XdpProgram.class, name = "xdp_program"),
        @JsonSubTypes.Type(value = Change.ServiceProcesses.class, name = "service_processes"),
        @JsonSubTypes.Type(value = Change.RuntimePath.class, name = "runtime_path"),
        @JsonSubTypes.Type(value = Change.PromiscuousMode.class, name = "promiscuous_mode")})
public sealed interface Change {

    /** What a person reads in "removed ...". */
    String describe();

    /**
     * An XDP program at an interface of network namespace {@code netns}; {@code programId} 0 while
     * the attach is under way (the kernel's id is only known once attached).
     */
    record XdpProgram(String interfaceName, int ifindex, String netns, String program, int programId, String mode)
            implements Change {
        @Override
        public String describe() {
            return "XDP program " + program + (programId > 0 ? " (id " + programId + ")" : "") + " on " + interfaceName;
        }
    }

    /** The processes of a service: every process whose environment carries {@code LABDECK_AGENT_TAG=tag}. */
    record ServiceProcesses(String service, String tag, long processGroup) implements Change {
        @Override
        public String describe() {
            return "processes of service " + service + (processGroup > 0 ? " (process group " + processGroup + ")" : "");
        }
    }

    /** A file or directory the agent made (its runtime directory, a DPDK runtime directory). */
    record RuntimePath(String path) implements Change {
        @Override
        public String describe() {
            return path;
        }
    }

    /**
     * An interface of network namespace {@code netns} that a service's DPDK af_packet port put into
     * promiscuous mode (testpmd turns it on for every port and leaves it on when it quits); it was
     * off before the service started, and goes off again when the service has exited.
     */
    record PromiscuousMode(String interfaceName, String netns, String service) implements Change {
        @Override
        public String describe() {
            return "promiscuous mode of " + interfaceName + " (turned on by service " + service + ")";
        }
    }
}
