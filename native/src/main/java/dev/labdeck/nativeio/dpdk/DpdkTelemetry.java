package dev.labdeck.nativeio.dpdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labdeck.nativeio.NativeCallException;
import dev.labdeck.nativeio.SeqPacketSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection to one DPDK process's telemetry socket. On connect DPDK sends an info banner
 * ({@code {"version":..,"pid":..,"max_output_len":..}}); then each command is one message and its
 * answer one message, {@code {"<command>": value}}. Not thread-safe; close it when done (DPDK
 * serves only a handful of telemetry clients at once).
 */
public final class DpdkTelemetry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final DpdkProcess process;
    private final SeqPacketSocket socket;
    private final String version;
    private final long pid;
    private final int maxOutputLength;

    private DpdkTelemetry(DpdkProcess process, SeqPacketSocket socket, JsonNode banner) {
        this.process = process;
        this.socket = socket;
        this.version = banner.path("version").asText("");
        this.pid = banner.path("pid").asLong(-1);
        this.maxOutputLength = Math.max(banner.path("max_output_len").asInt(16384), 1024);
    }

    public static DpdkTelemetry connect(DpdkProcess process) throws DpdkTelemetryException {
        SeqPacketSocket socket;
        try {
            socket = SeqPacketSocket.connect(process.telemetrySocket().toString(), TIMEOUT);
        } catch (NativeCallException e) {
            throw new DpdkTelemetryException("DPDK process '" + process.filePrefix() + "': " + e.getMessage(), e);
        }
        try {
            JsonNode banner = JSON.readTree(socket.receiveString(65536));
            return new DpdkTelemetry(process, socket, banner);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw new DpdkTelemetryException("DPDK process '" + process.filePrefix()
                    + "': no telemetry banner: " + e.getMessage(), e);
        }
    }

    /** Connects to the process started with {@code --file-prefix filePrefix}. */
    public static DpdkTelemetry connect(String filePrefix) throws DpdkTelemetryException {
        return connect(DpdkRuntime.find(filePrefix).orElseThrow(() -> new DpdkTelemetryException(
                "no DPDK process with file prefix '" + filePrefix + "' (no " + DpdkRuntime.TELEMETRY_SOCKET
                        + " in " + DpdkRuntime.runtimeDirectory(filePrefix) + ")")));
    }

    public DpdkProcess process() {
        return process;
    }

    /** DPDK's version string, e.g. "DPDK 22.11.11". */
    public String version() {
        return version;
    }

    public long pid() {
        return pid;
    }

    /**
     * Sends {@code command} (e.g. "/ethdev/stats,0") and returns the value under its key; for a
     * command with parameters the key is the command without them.
     */
    public JsonNode query(String command) throws DpdkTelemetryException {
        String reply;
        try {
            socket.send(command);
            reply = socket.receiveString(maxOutputLength + 1024);
        } catch (NativeCallException e) {
            throw new DpdkTelemetryException("DPDK process '" + process.filePrefix() + "' " + command + ": "
                    + e.getMessage(), e);
        }
        if (reply.isEmpty()) {
            throw new DpdkTelemetryException("DPDK process '" + process.filePrefix() + "' closed telemetry on " + command);
        }
        try {
            JsonNode root = JSON.readTree(reply);
            int comma = command.indexOf(',');
            String key = comma < 0 ? command : command.substring(0, comma);
            JsonNode value = root.get(key);
            if (value == null) {
                throw new DpdkTelemetryException("DPDK process '" + process.filePrefix() + "' " + command
                        + ": unexpected reply " + abbreviate(reply));
            }
            return value;
        } catch (IOException e) {
            throw new DpdkTelemetryException("DPDK process '" + process.filePrefix() + "' " + command
                    + ": reply is not JSON: " + abbreviate(reply), e);
        }
    }

    /** Port ids of {@code /ethdev/list}. */
    public List<Integer> ports() throws DpdkTelemetryException {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode n : query("/ethdev/list")) {
            ports.add(n.asInt());
        }
        return ports;
    }

    public DpdkPortStats stats(int port) throws DpdkTelemetryException {
        JsonNode s = requireObject("/ethdev/stats," + port);
        return new DpdkPortStats(port, s.path("ipackets").asLong(), s.path("opackets").asLong(),
                s.path("ibytes").asLong(), s.path("obytes").asLong(), s.path("imissed").asLong(),
                s.path("ierrors").asLong(), s.path("oerrors").asLong(), s.path("rx_nombuf").asLong());
    }

    /** The port's device name from {@code /ethdev/info} (e.g. net_memif0), or "" when DPDK does not say. */
    public String deviceName(int port) throws DpdkTelemetryException {
        return requireObject("/ethdev/info," + port).path("name").asText("");
    }

    /** Driver-specific extended counters, by name, in DPDK's order. */
    public Map<String, Long> xstats(int port) throws DpdkTelemetryException {
        JsonNode s = requireObject("/ethdev/xstats," + port);
        Map<String, Long> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asLong());
        }
        return out;
    }

    public DpdkLinkStatus linkStatus(int port) throws DpdkTelemetryException {
        JsonNode s = requireObject("/ethdev/link_status," + port);
        return new DpdkLinkStatus(port, "UP".equalsIgnoreCase(s.path("status").asText()),
                s.path("speed").asLong(0), s.path("duplex").asText(""));
    }

    private JsonNode requireObject(String command) throws DpdkTelemetryException {
        JsonNode s = query(command);
        if (!s.isObject()) {
            // DPDK answers null for a port id it does not have
            throw new DpdkTelemetryException("DPDK process '" + process.filePrefix() + "' " + command
                    + ": no such port (reply " + s + ")");
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        socket.close();
    }
}
