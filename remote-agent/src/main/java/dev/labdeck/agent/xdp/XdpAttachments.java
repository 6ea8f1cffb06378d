package dev.labdeck.agent.xdp;

import dev.labdeck.agent.journal.Change;
import dev.labdeck.agent.journal.ChangeJournal;
import dev.labdeck.nativeio.bpf.AttachedXdpProgram;
import dev.labdeck.nativeio.bpf.BpfException;
import dev.labdeck.nativeio.bpf.BpfMap;
import dev.labdeck.nativeio.bpf.BpfObject;
import dev.labdeck.nativeio.bpf.BpfProgram;
import dev.labdeck.nativeio.bpf.BpfSupport;
import dev.labdeck.nativeio.bpf.Xdp;
import dev.labdeck.nativeio.bpf.XdpMode;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import dev.labdeck.protocol.XdpAttachRequest;
import dev.labdeck.protocol.XdpAttachment;
import dev.labdeck.protocol.XdpCounters;
import dev.labdeck.protocol.XdpObjectInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XDP programs this agent attached: attach (validating everything before the hook is
 * touched), list, counters, detach, and detach-all for shutdown and the dead-man switch. Any
 * failure leaves nothing attached. Thread-safe.
 */
public final class XdpAttachments {
    private static final Logger LOG = LoggerFactory.getLogger(XdpAttachments.class);
    private static final int EBUSY = 16;
    private static final int EEXIST = 17;
    private static final int ENODEV = 19;

    /** Receives events: kind, level ("info"/"warn"), message, data. */
    public interface Events {
        void publish(String level, String kind, String message, Map<String, String> data);
    }

    private final XdpObjectStore store;
    private final ChangeJournal journal;
    private final Events events;
    private final Map<String, LiveAttachment> live = new LinkedHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    /**
     * Objects under {@code stateDir}; every attachment is written to {@code journal} before the
     * hook is touched, so what a killed agent left is found and removed by the next one.
     */
    public XdpAttachments(Path stateDir, ChangeJournal journal, Events events) {
        this.store = new XdpObjectStore(stateDir);
        this.journal = journal;
        this.events = events;
    }

    /** Null when XDP can be used here, else why not (for /v1/info's unavailable list). */
    public static String unavailableReason() {
        String why = BpfSupport.unavailableReason().orElse(null);
        if (why != null) return why;
        why = BuiltinCount.missingReason();
        if (why != null) return why;
        return LinuxCapabilities.missingForXdp();
    }

    public XdpObjectInfo upload(byte[] bytes) throws XdpRequestException, IOException {
        requireAvailable();
        XdpObjectInfo info = store.upload(bytes);
        events.publish("info", "xdp.uploaded", "XDP object " + info.id() + " stored (" + info.size() + " bytes, programs "
                + info.programs() + ")", Map.of("object", info.id()));
        return info;
    }

    public synchronized XdpAttachment attach(XdpAttachRequest request) throws XdpRequestException {
        requireAvailable();
        if (request.interfaceName() == null || request.interfaceName().isBlank()) {
            throw new XdpRequestException(400, "bad_request", "interface_name is required");
        }
        String objectRef = request.object() == null || request.object().isBlank() ? BuiltinCount.REFERENCE : request.object();
        boolean builtin = objectRef.equals(BuiltinCount.REFERENCE);
        XdpMode mode;
        try {
            mode = XdpMode.parse(request.mode());
        } catch (IllegalArgumentException e) {
            throw new XdpRequestException(400, "bad_request", e.getMessage());
        }
        if (builtin) BuiltinCount.actionCode(request.action()); // reject a bad action before anything is loaded
        for (LiveAttachment a : live.values()) {
            if (a.info().interfaceName().equals(request.interfaceName())) {
                throw new XdpRequestException(409, "conflict", "this agent already attached " + a.info().program()
                        + " to " + request.interfaceName() + " (" + a.info().id() + "); detach it first");
            }
        }
        Path file = store.resolve(objectRef);
        BpfObject object = null;
        AttachedXdpProgram hook = null;
        String journalKey = null;
        try {
            Xdp.ifindex(request.interfaceName()); // an unknown interface is named before any program is loaded
            object = BpfObject.open(file);
            String programName = programName(object, request.program(), builtin, objectRef);
            object.load();
            BpfProgram program = object.program(programName);
            if (builtin) BuiltinCount.configure(object, request.action());
            String id = "xdp-" + nextId.getAndIncrement();
            journalKey = id;
            journal.made(id, new Change.XdpProgram(request.interfaceName(), Xdp.ifindex(request.interfaceName()),
                    journal.owner().netns(), programName, 0, mode.label()));
            hook = AttachedXdpProgram.attach(program, request.interfaceName(), mode, request.allowGeneric());
            XdpAttachment info = new XdpAttachment(id, request.interfaceName(), hook.ifindex(), objectRef, programName,
                    hook.mode().label(), builtin ? BuiltinCount.actionName(request.action()) : request.action(),
                    hook.programId(), System.currentTimeMillis());
            LiveAttachment attachment = new LiveAttachment(info, object, hook, builtin);
            live.put(id, attachment);
            journal.made(id, attachment.journalEntry(journal.owner().netns()));
            Map<String, String> data = Map.of("attachment", id, "interface", info.interfaceName(), "mode", info.mode(),
                    "program_id", Integer.toString(info.programId()));
            if (hook.fallbackReason() != null) {
                events.publish("warn", "xdp.fallback", "native XDP failed on " + info.interfaceName()
                        + ", attached in generic mode instead: " + hook.fallbackReason(), data);
            }
            events.publish("info", "xdp.attached", "attached " + programName + " (" + objectRef + ") to "
                    + info.interfaceName() + " in " + info.mode() + " mode" + (info.action() == null ? "" : ", action " + info.action()), data);
            return info;
        } catch (BpfException e) {
            if (hook != null) hook.close();
            if (object != null) object.close();
            if (journalKey != null) journal.undone(journalKey);
            throw translate(e, request, mode);
        } catch (XdpRequestException | RuntimeException e) {
            if (hook != null) hook.close();
            if (object != null) object.close();
            if (journalKey != null) journal.undone(journalKey);
            throw e;
        }
    }

    public synchronized List<XdpAttachment> list() {
        return live.values().stream().map(LiveAttachment::info).toList();
    }

    public synchronized XdpCounters counters(String id) throws XdpRequestException {
        LiveAttachment a = find(id);
        try {
            Map<String, Long> actions = a.builtin() ? BuiltinCount.actions(a.object()) : Map.of();
            List<FlowCounters> flows = a.builtin() ? BuiltinCount.flows(a.object()) : List.of();
            return new XdpCounters(id, actions, flows, genericMaps(a.object()));
        } catch (BpfException e) {
            throw new XdpRequestException(500, "bpf_error", "reading the maps of " + id + " failed: " + e.getMessage(), e);
        }
    }

    public synchronized void detach(String id) throws XdpRequestException {
        LiveAttachment a = find(id);
        live.remove(id);
        try {
            a.release();
            journal.undone(id);
            events.publish("info", "xdp.detached", "detached " + a.info().program() + " from " + a.info().interfaceName(),
                    Map.of("attachment", id, "interface", a.info().interfaceName()));
        } catch (BpfException e) {
            throw new XdpRequestException(500, "bpf_error", "detaching " + id + " from " + a.info().interfaceName()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Detaches everything; for shutdown and the dead-man switch. Never throws; safe twice. */
    public synchronized void detachAll(String reason) {
        for (String id : new ArrayList<>(live.keySet())) {
            LiveAttachment a = live.remove(id);
            try {
                a.release();
                journal.undone(id);
                events.publish("info", "xdp.detached", "detached " + a.info().program() + " from "
                        + a.info().interfaceName() + " (" + reason + ")", Map.of("attachment", id, "interface", a.info().interfaceName()));
            } catch (BpfException | RuntimeException e) {
                LOG.warn("detaching {} from {} failed: {}", id, a.info().interfaceName(), e.getMessage());
            }
        }
    }

    /** Counters as samples: per flow and per verdict for the builtin, every integer map entry otherwise. */
    public synchronized void sample(long timeMs, List<Sample> into) {
        for (LiveAttachment a : live.values()) {
            String id = a.info().id();
            try {
                if (a.builtin()) {
                    for (FlowCounters f : BuiltinCount.flows(a.object())) {
                        Map<String, String> labels = Map.of("attachment", id, "port", Integer.toString(f.port()));
                        into.add(new Sample(timeMs, Metrics.XDP_PACKETS, labels, f.packets()));
                        into.add(new Sample(timeMs, Metrics.XDP_BYTES, labels, f.bytes()));
                    }
                    BuiltinCount.actions(a.object()).forEach((action, n) ->
                            into.add(new Sample(timeMs, Metrics.XDP_PACKETS, Map.of("attachment", id, "action", action), n)));
                } else {
                    genericMaps(a.object()).forEach((map, values) -> values.forEach((key, v) ->
                            into.add(new Sample(timeMs, Metrics.XDP_MAP_VALUE, Map.of("attachment", id, "map", map, "key", key), v))));
                }
            } catch (BpfException | RuntimeException e) {
                LOG.debug("sampling {} failed: {}", id, e.getMessage());
            }
        }
    }

    /** Entries read per map for the generic view: counters stay quick even for a huge map. */
    static final int GENERIC_ENTRIES_PER_MAP = 1024;

    /**
     * Every array or hash map with integer values: map name to key to value summed over CPUs. Keys
     * up to 8 bytes read as unsigned numbers, longer ones as hex; a value of several u64 words
     * gives one entry per word, {@code key[i]}. At most {@link #GENERIC_ENTRIES_PER_MAP} keys per map.
     */
    static Map<String, Map<String, Long>> genericMaps(BpfObject object) throws BpfException {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (BpfMap map : object.maps()) {
            if (!map.isArrayOrHash() || !map.hasIntegerValues()) continue;
            Map<String, Long> values = new LinkedHashMap<>();
            for (byte[] key : map.keys(GENERIC_ENTRIES_PER_MAP)) {
                long[] v = map.lookupCounters(key).orElse(null);
                if (v == null) continue;
                String k = key.length <= 8 && Integer.bitCount(key.length) == 1 ? Long.toUnsignedString(BpfMap.unsigned(key))
                        : java.util.HexFormat.of().formatHex(key);
                if (v.length == 1) {
                    values.put(k, v[0]);
                } else {
                    for (int i = 0; i < v.length; i++) values.put(k + "[" + i + "]", v[i]);
                }
            }
            out.put(map.name(), values);
        }
        return out;
    }

    private static String programName(BpfObject object, String requested, boolean builtin, String objectRef)
            throws XdpRequestException {
        List<String> programs = object.programNames();
        if (requested != null && !requested.isBlank()) {
            if (!programs.contains(requested)) {
                throw new XdpRequestException(404, "unknown_program", "no program named '" + requested + "' in "
                        + objectRef + " (programs: " + String.join(", ", programs) + ")");
            }
            return requested;
        }
        if (builtin) return BuiltinCount.PROGRAM;
        if (programs.size() == 1) return programs.getFirst();
        throw new XdpRequestException(400, "bad_request", objectRef + " holds " + programs.size()
                + " programs; name one (programs: " + String.join(", ", programs) + ")");
    }

    private XdpRequestException translate(BpfException e, XdpAttachRequest request, XdpMode mode) {
        String fn = e.function();
        if (fn.equals("if_nametoindex")) {
            return new XdpRequestException(404, "unknown_interface", "no network interface '" + request.interfaceName()
                    + "' on this host", e);
        }
        if (fn.equals("bpf_object__load")) {
            return e.verifierLog() != null
                    ? new XdpRequestException(422, "verifier_rejected", "the kernel's verifier rejected the program: "
                            + e.getMessage(), e)
                    : new XdpRequestException(422, "load_failed", "the kernel refused to load the object: " + e.getMessage(), e);
        }
        if (fn.equals("bpf_object__open_file")) {
            return new XdpRequestException(400, "bad_object", "libbpf cannot open the object: " + e.getMessage(), e);
        }
        if (fn.equals("bpf_xdp_attach") && (e.errno() == EBUSY || e.errno() == EEXIST)) {
            return new XdpRequestException(409, "busy", "another XDP program is already attached to "
                    + request.interfaceName() + " (see 'ip link show dev " + request.interfaceName() + "'): " + e.getMessage(), e);
        }
        if (fn.equals("bpf_xdp_attach") && mode == XdpMode.NATIVE && !request.allowGeneric()) {
            return new XdpRequestException(409, "native_unsupported", e.getMessage()
                    + " (the driver may not support native XDP; allow generic mode to fall back)", e);
        }
        if (e.errno() == ENODEV) {
            return new XdpRequestException(404, "unknown_interface", e.getMessage(), e);
        }
        return new XdpRequestException(500, "bpf_error", e.getMessage(), e);
    }

    private LiveAttachment find(String id) throws XdpRequestException {
        LiveAttachment a = live.get(id);
        if (a == null) {
            throw new XdpRequestException(404, "not_found", "no XDP attachment " + id + " on this agent (attached: "
                    + String.join(", ", live.keySet()) + ")");
        }
        return a;
    }

    private void requireAvailable() throws XdpRequestException {
        String why = unavailableReason();
        if (why != null) throw new XdpRequestException(503, "unavailable", "XDP is unavailable on this host: " + why);
    }
}
