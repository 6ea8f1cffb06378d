package dev.labdeck.controller.service;

import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.protocol.DpdkPortCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DPDK port counters over the measurement window: one reading of every DPDK service's ports on
 * every host as MEASURE begins, one as it ends, and their difference in summary.json: under
 * {@code dpdk.<service>.<device>} (e.g. {@code dpdk.lb_c.net_memif0.tx_packets}) and, for each
 * memif link, under {@code links.<name>.master|slave}.
 */
public final class DpdkWindow {
    private static final Pattern MEMIF_VDEV = Pattern.compile("^--vdev[= ]?(net_memif\\d+)(,.*)?$");

    private final Map<String, DpdkPortCounters> start = new LinkedHashMap<>();

    /** True when any host of the profile has services (their DPDK ports, if any, are read). */
    public static boolean wanted(RunContext ctx) {
        return ctx.profile().hosts().stream().anyMatch(h -> h.services() != null && !h.services().isEmpty());
    }

    public void begin(RunContext ctx) {
        start.clear();
        for (DpdkPortCounters c : read(ctx)) {
            start.put(key(c), c);
        }
    }

    /** Reads the end, writes the deltas into summary.json; returns the deltas by service and device. */
    public Map<String, Map<String, Map<String, Object>>> end(RunContext ctx) {
        Map<String, Map<String, Map<String, Object>>> byService = new LinkedHashMap<>();
        for (DpdkPortCounters now : read(ctx)) {
            DpdkPortCounters before = start.get(key(now));
            if (before == null) {
                continue;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("port", now.port());
            d.put("device", now.device());
            d.put("rx_packets", now.rxPackets() - before.rxPackets());
            d.put("tx_packets", now.txPackets() - before.txPackets());
            d.put("rx_bytes", now.rxBytes() - before.rxBytes());
            d.put("tx_bytes", now.txBytes() - before.txBytes());
            d.put("rx_errors", now.rxErrors() - before.rxErrors());
            d.put("tx_errors", now.txErrors() - before.txErrors());
            d.put("rx_missed", now.rxMissed() - before.rxMissed());
            d.put("rx_nombuf", now.rxNoMbuf() - before.rxNoMbuf());
            d.put("window_ms", now.timeMs() - before.timeMs());
            byService.computeIfAbsent(now.service(), s -> new LinkedHashMap<>())
                    .put(now.device() == null || now.device().isEmpty() ? "port" + now.port() : now.device(), d);
        }
        if (byService.isEmpty()) {
            return byService;
        }
        ctx.summarySection("dpdk", byService);
        Map<String, Object> links = new LinkedHashMap<>();
        for (LinkSpec l : ctx.profile().links()) {
            if (l instanceof LinkSpec.Memif m) {
                Map<String, Object> ends = new LinkedHashMap<>();
                end(ctx, m, m.master(), byService).ifPresent(e -> ends.put("master", e));
                end(ctx, m, m.slave(), byService).ifPresent(e -> ends.put("slave", e));
                if (!ends.isEmpty()) {
                    links.put(m.name(), ends);
                }
            }
        }
        if (!links.isEmpty()) {
            ctx.summarySection("links", links);
        }
        return byService;
    }

    private static java.util.Optional<Map<String, Object>> end(RunContext ctx, LinkSpec.Memif link, String service,
            Map<String, Map<String, Map<String, Object>>> byService) {
        Map<String, Map<String, Object>> ports = byService.get(service);
        if (ports == null) {
            return java.util.Optional.empty();
        }
        String device = memifDevice(ctx, service, link.socket());
        if (device == null) {
            List<String> memifs = ports.keySet().stream().filter(k -> k.startsWith("net_memif")).toList();
            device = memifs.size() == 1 ? memifs.getFirst() : null;
        }
        Map<String, Object> figures = device == null ? null : ports.get(device);
        if (figures == null) {
            return java.util.Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", service);
        out.putAll(figures);
        return java.util.Optional.of(out);
    }

    /** The net_memifN of the service's command whose socket is the link's (DPDK's default: /run/memif.sock). */
    static String memifDevice(RunContext ctx, String service, String linkSocket) {
        String wanted = linkSocket == null ? "/run/memif.sock" : linkSocket.replaceFirst("^@", "");
        for (HostSpec h : ctx.profile().hosts()) {
            for (ServiceSpec s : h.services()) {
                if (!s.name().equals(service)) {
                    continue;
                }
                List<String> cmd = s.command();
                for (int i = 0; i < cmd.size(); i++) {
                    String arg = cmd.get(i).equals("--vdev") && i + 1 < cmd.size() ? "--vdev=" + cmd.get(i + 1) : cmd.get(i);
                    Matcher m = MEMIF_VDEV.matcher(arg);
                    if (m.matches()) {
                        String socket = "/run/memif.sock";
                        for (String kv : (m.group(2) == null ? "" : m.group(2)).split(",")) {
                            if (kv.startsWith("socket=")) {
                                socket = kv.substring("socket=".length()).replaceFirst("^@", "");
                            }
                        }
                        if (socket.equals(wanted)) {
                            return m.group(1);
                        }
                    }
                }
            }
        }
        return null;
    }

    private static List<DpdkPortCounters> read(RunContext ctx) {
        List<DpdkPortCounters> all = new ArrayList<>();
        for (HostSpec h : ctx.profile().hosts()) {
            if (h.services() == null || h.services().isEmpty()) {
                continue;
            }
            try {
                all.addAll(ctx.agent(h.name()).dpdkPorts());
            } catch (AgentException | RuntimeException e) {
                ctx.warn(h.name(), "dpdk.counters", "DPDK port counters not read: " + e.getMessage());
            }
        }
        return all;
    }

    private static String key(DpdkPortCounters c) {
        return c.service() + "/" + c.port();
    }
}
