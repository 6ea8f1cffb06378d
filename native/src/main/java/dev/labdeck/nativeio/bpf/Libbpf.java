package dev.labdeck.nativeio.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downcall handles into libbpf.so.1 (and the few libc calls they need), bound once on first
 * use. Every handle that can fail captures errno, so the error names the call and its reason.
 */
final class Libbpf {
    private static final Logger LOG = LoggerFactory.getLogger(Libbpf.class);
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final int ENOENT = 2;

    final MethodHandle objectOpenFile;       // struct bpf_object *(const char *, const struct bpf_object_open_opts *)
    final MethodHandle objectLoad;           // int (struct bpf_object *)
    final MethodHandle objectClose;          // void (struct bpf_object *)
    final MethodHandle objectFindProgram;    // struct bpf_program *(obj, const char *)
    final MethodHandle objectNextProgram;    // struct bpf_program *(obj, prev)
    final MethodHandle objectFindMap;        // struct bpf_map *(obj, const char *)
    final MethodHandle objectNextMap;        // struct bpf_map *(obj, prev)
    final MethodHandle programName;          // const char *(prog)
    final MethodHandle programFd;            // int (prog)
    final MethodHandle mapName;              // const char *(map)
    final MethodHandle mapType;              // enum bpf_map_type (map)
    final MethodHandle mapKeySize;           // __u32 (map)
    final MethodHandle mapValueSize;         // __u32 (map)
    final MethodHandle mapMaxEntries;        // __u32 (map)
    final MethodHandle mapFd;                // int (map)
    final MethodHandle mapLookupElem;        // int (fd, key, value)
    final MethodHandle mapUpdateElem;        // int (fd, key, value, __u64 flags)
    final MethodHandle mapGetNextKey;        // int (fd, key, next_key)
    final MethodHandle xdpAttach;            // int (ifindex, prog_fd, __u32 flags, opts)
    final MethodHandle xdpDetach;            // int (ifindex, __u32 flags, opts)
    final MethodHandle xdpQuery;             // int (ifindex, int flags, struct bpf_xdp_query_opts *)
    final MethodHandle progTestRunOpts;      // int (int prog_fd, struct bpf_test_run_opts *)
    final MethodHandle progGetFdById;        // int (__u32 id)
    final MethodHandle closeFd;              // int close(int) (libc)
    final MethodHandle numPossibleCpus;      // int (void)
    final MethodHandle strerror;             // int libbpf_strerror(int err, char *buf, size_t size)
    final MethodHandle ifNameToIndex;        // unsigned int if_nametoindex(const char *) (libc)

    private final int possibleCpus;

    private Libbpf(SymbolLookup bpf) {
        SymbolLookup libc = LINKER.defaultLookup();
        objectOpenFile = bind(bpf, "bpf_object__open_file", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), true);
        objectLoad = bind(bpf, "bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS), true);
        objectClose = bind(bpf, "bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS), false);
        objectFindProgram = bind(bpf, "bpf_object__find_program_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), true);
        objectNextProgram = bind(bpf, "bpf_object__next_program", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), false);
        objectFindMap = bind(bpf, "bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), true);
        objectNextMap = bind(bpf, "bpf_object__next_map", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), false);
        programName = bind(bpf, "bpf_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS), false);
        programFd = bind(bpf, "bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS), true);
        mapName = bind(bpf, "bpf_map__name", FunctionDescriptor.of(ADDRESS, ADDRESS), false);
        mapType = bind(bpf, "bpf_map__type", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
        mapKeySize = bind(bpf, "bpf_map__key_size", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
        mapValueSize = bind(bpf, "bpf_map__value_size", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
        mapMaxEntries = bind(bpf, "bpf_map__max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
        mapFd = bind(bpf, "bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS), true);
        mapLookupElem = bind(bpf, "bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), true);
        mapUpdateElem = bind(bpf, "bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), true);
        mapGetNextKey = bind(bpf, "bpf_map_get_next_key", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), true);
        xdpAttach = bind(bpf, "bpf_xdp_attach", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), true);
        xdpDetach = bind(bpf, "bpf_xdp_detach", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), true);
        xdpQuery = bind(bpf, "bpf_xdp_query", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), true);
        progTestRunOpts = bind(bpf, "bpf_prog_test_run_opts", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), true);
        progGetFdById = bind(bpf, "bpf_prog_get_fd_by_id", FunctionDescriptor.of(JAVA_INT, JAVA_INT), true);
        closeFd = bind(libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), false);
        numPossibleCpus = bind(bpf, "libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT), false);
        strerror = bind(bpf, "libbpf_strerror", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG), false);
        ifNameToIndex = bind(libc, "if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS), true);
        LibbpfLog.install(bpf, libc);
        try {
            possibleCpus = (int) numPossibleCpus.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("libbpf_num_possible_cpus failed", t);
        }
        if (possibleCpus <= 0) {
            throw new IllegalStateException("libbpf_num_possible_cpus: " + describe(-possibleCpus));
        }
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, FunctionDescriptor fd, boolean captureErrno) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException("symbol " + name + " not found (libbpf too old? need 1.0 or later)"));
        return captureErrno
                ? LINKER.downcallHandle(symbol, fd, CAPTURE_ERRNO)
                : LINKER.downcallHandle(symbol, fd);
    }

    // Lazy load: the first caller pays for dlopen; failures become a reason, never an exception here.
    private static final class Holder {
        static final Libbpf INSTANCE;
        static final String UNAVAILABLE;

        static {
            Libbpf lib = null;
            String why = null;
            String os = System.getProperty("os.name", "unknown");
            if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
                why = "not Linux (" + os + "); XDP needs a Linux kernel";
            } else {
                try {
                    lib = new Libbpf(SymbolLookup.libraryLookup("libbpf.so.1", Arena.global()));
                } catch (IllegalArgumentException e) {
                    why = "libbpf.so.1 not found (Debian/Ubuntu package libbpf1)";
                } catch (RuntimeException | LinkageError e) {
                    why = "libbpf.so.1 could not be bound: " + e.getMessage();
                }
            }
            if (why != null) LOG.info("libbpf unavailable: {}", why);
            INSTANCE = lib;
            UNAVAILABLE = why;
        }
    }

    static Libbpf get() throws BpfUnavailableException {
        if (Holder.INSTANCE == null) throw new BpfUnavailableException(Holder.UNAVAILABLE);
        return Holder.INSTANCE;
    }

    static Optional<String> unavailableReason() {
        return Optional.ofNullable(Holder.UNAVAILABLE);
    }

    int possibleCpus() {
        return possibleCpus;
    }

    /** A fresh errno capture buffer in {@code arena}. */
    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /**
     * The errno of a failed call: libbpf returns {@code -errno}, pointer-returning calls leave it
     * in the captured errno.
     */
    static int errnoOf(int rc, MemorySegment callState) {
        return rc < 0 && rc != -1 ? -rc : errno(callState);
    }

    /** strerror for errno values and libbpf's own 4000+ codes. */
    String describe(int err) {
        if (err == 0) return "unknown error";
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            int rc = (int) strerror.invokeExact(err, buf, 256L);
            String text = buf.getString(0);
            return (rc == 0 || !text.isEmpty() ? text : "errno " + err) + " (errno " + err + ")";
        } catch (Throwable t) {
            return "errno " + err;
        }
    }

    BpfException error(String function, int err) {
        return new BpfException(function, err, describe(err));
    }

    BpfException error(String function, int err, String context) {
        return new BpfException(function, err, context + ": " + describe(err));
    }

    static boolean isNotFound(int err) {
        return err == ENOENT;
    }

    /** Reads a NUL-terminated C string; null for a NULL pointer. */
    static String string(MemorySegment ptr) {
        if (ptr == null || ptr.equals(MemorySegment.NULL)) return null;
        return ptr.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** The upcall type of libbpf's print callback: int (int level, const char *fmt, va_list ap). */
    static final FunctionDescriptor PRINT_FN = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);

}
