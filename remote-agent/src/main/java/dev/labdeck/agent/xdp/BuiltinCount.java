package dev.labdeck.agent.xdp;

import dev.labdeck.nativeio.bpf.BpfException;
import dev.labdeck.nativeio.bpf.BpfMap;
import dev.labdeck.nativeio.bpf.BpfObject;
import dev.labdeck.protocol.FlowCounters;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the agent knows about LabDeck's own program, {@code bpf/labdeck_count.bpf.c}: its
 * resource, program and map names, and the codes of its action config and verdict counters.
 */
final class BuiltinCount {
    static final String REFERENCE = "builtin:count";
    static final String RESOURCE = "bpf/labdeck_count.bpf.o";
    static final String PROGRAM = "labdeck_count";
    static final String CONFIG_MAP = "labdeck_config";
    static final String FLOWS_MAP = "labdeck_flows";
    static final String ACTIONS_MAP = "labdeck_actions";
    /** Verdict names by XDP action value, as indexes of labdeck_actions. */
    static final List<String> VERDICTS = List.of("aborted", "drop", "pass", "tx", "redirect");

    private BuiltinCount() {}

    /** The configurable actions and their codes in labdeck_config. */
    static int actionCode(String action) throws XdpRequestException {
        return switch (action == null ? "pass" : action.trim().toLowerCase(Locale.ROOT)) {
            case "pass" -> 0;
            case "drop" -> 1;
            case "tx", "reflect" -> 2;
            default -> throw new XdpRequestException(400, "bad_request",
                    "unknown XDP action '" + action + "' for builtin:count (pass, drop or tx)");
        };
    }

    static String actionName(String action) {
        String a = action == null ? "pass" : action.trim().toLowerCase(Locale.ROOT);
        return a.equals("reflect") ? "tx" : a;
    }

    static InputStream open() {
        return BuiltinCount.class.getClassLoader().getResourceAsStream(RESOURCE);
    }

    /** Null when the jar carries the object, else why not (built without clang). */
    static String missingReason() {
        try (InputStream in = open()) {
            return in == null ? "the builtin XDP object was not built (no clang where the agent was built)" : null;
        } catch (IOException e) {
            return "the builtin XDP object cannot be read: " + e.getMessage();
        }
    }

    static void configure(BpfObject object, String action) throws XdpRequestException, BpfException {
        object.map(CONFIG_MAP).update(BpfMap.u32(0), BpfMap.u32(actionCode(action)));
    }

    /** Packets per verdict, summed over CPUs. */
    static Map<String, Long> actions(BpfObject object) throws BpfException {
        BpfMap map = object.map(ACTIONS_MAP);
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < VERDICTS.size(); i++) {
            out.put(VERDICTS.get(i), map.lookupCounters(BpfMap.u32(i)).map(v -> v[0]).orElse(0L));
        }
        return out;
    }

    /**
     * Per-flow counters by UDP destination port, ascending. The program knows ports, not LabDeck's
     * flow ids, so {@code flowId} is -1; the controller maps ports to its flows.
     */
    static List<FlowCounters> flows(BpfObject object) throws BpfException {
        BpfMap map = object.map(FLOWS_MAP);
        List<FlowCounters> out = new ArrayList<>();
        for (byte[] key : map.keys()) {
            long[] v = map.lookupCounters(key).orElse(null);
            if (v == null) continue;
            out.add(new FlowCounters(-1, (int) BpfMap.unsigned(key), v[0], v[1], 0, 0, 0));
        }
        out.sort(Comparator.comparingInt(FlowCounters::port));
        return out;
    }
}
