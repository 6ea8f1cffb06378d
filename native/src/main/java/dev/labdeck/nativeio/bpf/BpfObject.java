package dev.labdeck.nativeio.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An opened BPF object file ({@code struct bpf_object *}), owning its programs and maps; closing
 * it unloads them (an attached XDP program stays attached until detached, held by the kernel).
 *
 * <p>Thread-safe: every native call happens under the object's lock, and nothing runs after
 * {@link #close()}.
 */
public final class BpfObject implements AutoCloseable {
    /** Verifier log buffer; large enough for a rejected program's log at level 1. */
    private static final long LOG_SIZE = 1L << 20;

    /** struct bpf_object_open_opts of libbpf 1.x, as far as kernel_log_level. */
    private static final StructLayout OPEN_OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            ADDRESS.withName("object_name"),
            JAVA_LONG.withName("relaxed_maps"),            // bool, padded to 8
            ADDRESS.withName("pin_root_path"),
            JAVA_LONG.withName("unused_attach_prog_fd"),   // __u32 :32, padded to 8
            ADDRESS.withName("kconfig"),
            ADDRESS.withName("btf_custom_path"),
            ADDRESS.withName("kernel_log_buf"),
            JAVA_LONG.withName("kernel_log_size"),
            JAVA_INT.withName("kernel_log_level"),
            MemoryLayout.paddingLayout(4));

    private final Libbpf lib;
    private final Arena arena;
    private final Path path;
    private final MemorySegment logBuffer;
    private MemorySegment handle;
    private boolean loaded;

    private BpfObject(Libbpf lib, Arena arena, Path path, MemorySegment handle, MemorySegment logBuffer) {
        this.lib = lib;
        this.arena = arena;
        this.path = path;
        this.handle = handle;
        this.logBuffer = logBuffer;
    }

    /**
     * Opens (parses) an object file; nothing reaches the kernel until {@link #load()}.
     *
     * @throws BpfException naming bpf_object__open_file, e.g. for a file that is not ELF
     */
    public static BpfObject open(Path file) throws BpfException {
        Libbpf lib = Libbpf.get();
        Arena arena = Arena.ofShared();
        try {
            MemorySegment opts = arena.allocate(OPEN_OPTS);
            MemorySegment log = arena.allocate(LOG_SIZE);
            opts.set(JAVA_LONG, OPEN_OPTS.byteOffset(MemoryLayout.PathElement.groupElement("sz")), OPEN_OPTS.byteSize());
            opts.set(ADDRESS, OPEN_OPTS.byteOffset(MemoryLayout.PathElement.groupElement("kernel_log_buf")), log);
            opts.set(JAVA_LONG, OPEN_OPTS.byteOffset(MemoryLayout.PathElement.groupElement("kernel_log_size")), LOG_SIZE);
            // level 0: no log on success; libbpf retries a failed load with level 1 into our buffer
            MemorySegment state = Libbpf.callState(arena);
            MemorySegment obj = (MemorySegment) lib.objectOpenFile.invokeExact(state,
                    arena.allocateFrom(file.toString()), opts);
            if (obj.equals(MemorySegment.NULL)) {
                throw lib.error("bpf_object__open_file", Libbpf.errno(state), file.toString());
            }
            return new BpfObject(lib, arena, file, obj, log);
        } catch (BpfException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException("bpf_object__open_file call failed", t);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Loads every program and map into the kernel. A verifier rejection throws with the
     * verifier's log; the object stays open (and must still be closed).
     */
    public synchronized void load() throws BpfException {
        ensureOpen();
        if (loaded) return;
        logBuffer.set(JAVA_INT, 0, 0);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(call);
            int rc = (int) lib.objectLoad.invokeExact(state, handle);
            if (rc < 0) {
                int err = Libbpf.errnoOf(rc, state);
                String log = logBuffer.getString(0);
                throw new BpfException("bpf_object__load", err, path.getFileName() + ": " + lib.describe(err),
                        log.isBlank() ? null : log);
            }
            loaded = true;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_object__load call failed", t);
        }
    }

    public synchronized boolean loaded() {
        return loaded;
    }

    /** Names of the programs in the file, in file order. */
    public synchronized List<String> programNames() {
        ensureOpen();
        List<String> names = new ArrayList<>();
        try {
            MemorySegment prog = MemorySegment.NULL;
            while (true) {
                prog = (MemorySegment) lib.objectNextProgram.invokeExact(handle, prog);
                if (prog.equals(MemorySegment.NULL)) break;
                names.add(Libbpf.string((MemorySegment) lib.programName.invokeExact(prog)));
            }
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_object__next_program call failed", t);
        }
        return names;
    }

    /** The program called {@code name}; its fd is valid once loaded. */
    public synchronized BpfProgram program(String name) throws BpfException {
        ensureOpen();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(call);
            MemorySegment prog = (MemorySegment) lib.objectFindProgram.invokeExact(state, handle, call.allocateFrom(name));
            if (prog.equals(MemorySegment.NULL)) {
                throw new BpfException("bpf_object__find_program_by_name", Libbpf.errno(state),
                        "no program named '" + name + "' in " + path.getFileName() + " (programs: "
                                + String.join(", ", programNames()) + ")");
            }
            int fd = loaded ? (int) lib.programFd.invokeExact(state, prog) : -1;
            return new BpfProgram(name, fd);
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_object__find_program_by_name call failed", t);
        }
    }

    /** Every map of the object (including libbpf's .data/.bss/.rodata maps), in file order. */
    public synchronized List<BpfMap> maps() {
        ensureOpen();
        List<BpfMap> maps = new ArrayList<>();
        try {
            MemorySegment map = MemorySegment.NULL;
            while (true) {
                map = (MemorySegment) lib.objectNextMap.invokeExact(handle, map);
                if (map.equals(MemorySegment.NULL)) break;
                maps.add(describe(map));
            }
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_object__next_map call failed", t);
        }
        return maps;
    }

    /** The map called {@code name}. */
    public synchronized BpfMap map(String name) throws BpfException {
        ensureOpen();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(call);
            MemorySegment map = (MemorySegment) lib.objectFindMap.invokeExact(state, handle, call.allocateFrom(name));
            if (map.equals(MemorySegment.NULL)) {
                throw new BpfException("bpf_object__find_map_by_name", Libbpf.errno(state),
                        "no map named '" + name + "' in " + path.getFileName());
            }
            return describe(map);
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_object__find_map_by_name call failed", t);
        }
    }

    private BpfMap describe(MemorySegment map) throws Throwable {
        String name = Libbpf.string((MemorySegment) lib.mapName.invokeExact(map));
        int type = (int) lib.mapType.invokeExact(map);
        int keySize = (int) lib.mapKeySize.invokeExact(map);
        int valueSize = (int) lib.mapValueSize.invokeExact(map);
        int maxEntries = (int) lib.mapMaxEntries.invokeExact(map);
        int fd = -1;
        if (loaded) {
            try (Arena call = Arena.ofConfined()) {
                fd = (int) lib.mapFd.invokeExact(Libbpf.callState(call), map);
            }
        }
        return new BpfMap(this, lib, name, type, keySize, valueSize, maxEntries, fd);
    }

    synchronized void ensureOpen() {
        if (handle == null) throw new IllegalStateException("BPF object " + path.getFileName() + " is closed");
    }

    /** Unloads programs and maps and frees libbpf's memory; idempotent. */
    @Override
    public synchronized void close() {
        if (handle == null) return;
        try {
            lib.objectClose.invokeExact(handle);
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_object__close call failed", t);
        } finally {
            handle = null;
            arena.close();
        }
    }
}
