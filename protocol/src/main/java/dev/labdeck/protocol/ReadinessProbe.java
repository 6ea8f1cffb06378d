package dev.labdeck.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** How the agent decides that a started service is ready for its dependants. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReadinessProbe.UnixSocket.class, name = "unix_socket"),
        @JsonSubTypes.Type(value = ReadinessProbe.TcpPort.class, name = "tcp_port"),
        @JsonSubTypes.Type(value = ReadinessProbe.LogLine.class, name = "log_line"),
        @JsonSubTypes.Type(value = ReadinessProbe.DpdkLinkUp.class, name = "dpdk_link_up"),
        @JsonSubTypes.Type(value = ReadinessProbe.FileExists.class, name = "file_exists"),
        @JsonSubTypes.Type(value = ReadinessProbe.Delay.class, name = "delay")
})
public sealed interface ReadinessProbe {
    /** A unix socket in listening state; {@code @name} means the abstract namespace. */
    record UnixSocket(String path) implements ReadinessProbe {}

    record TcpPort(int port) implements ReadinessProbe {}

    /** A line of the service's stdout or stderr matches the regular expression. */
    record LogLine(String pattern) implements ReadinessProbe {}

    /** The DPDK process with this file prefix reports link up on the port, through telemetry. */
    record DpdkLinkUp(String filePrefix, int port) implements ReadinessProbe {}

    record FileExists(String path) implements ReadinessProbe {}

    record Delay(long millis) implements ReadinessProbe {}
}
