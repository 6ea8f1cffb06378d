package dev.labdeck.nativeio.bpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A map of a {@link BpfObject}: its shape (type, key and value sizes) and, once loaded, reads and
 * writes through its fd. Keys and values are raw bytes in the host's byte order; per-CPU values
 * are summed over CPUs by {@link #lookupCounters}.
 */
public final class BpfMap {
    // enum bpf_map_type values (uapi/linux/bpf.h)
    public static final int TYPE_HASH = 1;
    public static final int TYPE_ARRAY = 2;
    public static final int TYPE_PERCPU_HASH = 5;
    public static final int TYPE_PERCPU_ARRAY = 6;
    public static final int TYPE_LRU_HASH = 9;
    public static final int TYPE_LRU_PERCPU_HASH = 10;

    private static final long BPF_ANY = 0;

    private final BpfObject owner;
    private final Libbpf lib;
    private final String name;
    private final int type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int fd;

    BpfMap(BpfObject owner, Libbpf lib, String name, int type, int keySize, int valueSize, int maxEntries, int fd) {
        this.owner = owner;
        this.lib = lib;
        this.name = name;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.fd = fd;
    }

    public String name() {
        return name;
    }

    /** The kernel's enum bpf_map_type value. */
    public int type() {
        return type;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public boolean perCpu() {
        return type == TYPE_PERCPU_HASH || type == TYPE_PERCPU_ARRAY || type == TYPE_LRU_PERCPU_HASH;
    }

    /** Arrays and hashes (plain, LRU, per-CPU): the maps whose entries are counters we can read. */
    public boolean isArrayOrHash() {
        return type == TYPE_HASH || type == TYPE_ARRAY || type == TYPE_PERCPU_HASH || type == TYPE_PERCPU_ARRAY
                || type == TYPE_LRU_HASH || type == TYPE_LRU_PERCPU_HASH;
    }

    /** Values that read as integers: 4 bytes (u32) or a whole number of u64 words. */
    public boolean hasIntegerValues() {
        return valueSize == 4 || (valueSize > 0 && valueSize % 8 == 0);
    }

    /** Every key, by walking bpf_map_get_next_key (bounded by max_entries against concurrent churn). */
    public List<byte[]> keys() throws BpfException {
        return keys(maxEntries);
    }

    /** At most {@code limit} keys, in the kernel's iteration order. */
    public List<byte[]> keys(int limit) throws BpfException {
        synchronized (owner) {
            requireLoaded();
            List<byte[]> keys = new ArrayList<>();
            try (Arena call = Arena.ofConfined()) {
                MemorySegment state = Libbpf.callState(call);
                MemorySegment current = MemorySegment.NULL;
                MemorySegment next = call.allocate(keySize);
                for (int i = 0; i < Math.min(limit, maxEntries); i++) {
                    int rc = (int) lib.mapGetNextKey.invokeExact(state, fd, current, next);
                    if (rc < 0) {
                        int err = Libbpf.errnoOf(rc, state);
                        if (Libbpf.isNotFound(err)) break;
                        throw lib.error("bpf_map_get_next_key", err, "map " + name);
                    }
                    byte[] key = next.toArray(JAVA_BYTE);
                    keys.add(key);
                    if (current.equals(MemorySegment.NULL)) current = call.allocate(keySize);
                    MemorySegment.copy(next, 0, current, 0, keySize);
                }
            } catch (BpfException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("bpf_map_get_next_key call failed", t);
            }
            return keys;
        }
    }

    /**
     * The raw value for {@code key}: one slot per possible CPU for per-CPU maps (each slot the
     * value size rounded up to 8 bytes), else one. Empty when the key is absent.
     */
    public Optional<byte[][]> lookup(byte[] key) throws BpfException {
        checkKey(key);
        synchronized (owner) {
            requireLoaded();
            int slots = perCpu() ? lib.possibleCpus() : 1;
            int stride = perCpu() ? (valueSize + 7) & ~7 : valueSize;
            try (Arena call = Arena.ofConfined()) {
                MemorySegment state = Libbpf.callState(call);
                MemorySegment value = call.allocate((long) stride * slots, 8);
                int rc = (int) lib.mapLookupElem.invokeExact(state, fd, call.allocateFrom(JAVA_BYTE, key), value);
                if (rc < 0) {
                    int err = Libbpf.errnoOf(rc, state);
                    if (Libbpf.isNotFound(err)) return Optional.empty();
                    throw lib.error("bpf_map_lookup_elem", err, "map " + name);
                }
                byte[][] out = new byte[slots][];
                for (int cpu = 0; cpu < slots; cpu++) {
                    out[cpu] = value.asSlice((long) cpu * stride, valueSize).toArray(JAVA_BYTE);
                }
                return Optional.of(out);
            } catch (BpfException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("bpf_map_lookup_elem call failed", t);
            }
        }
    }

    /**
     * The value for {@code key} read as integers and summed over CPUs: one u32, or one u64 per
     * 8-byte word (a struct of counters gives one total per field). Empty when the key is absent.
     */
    public Optional<long[]> lookupCounters(byte[] key) throws BpfException {
        if (!hasIntegerValues()) {
            throw new IllegalArgumentException("map " + name + " has " + valueSize + "-byte values, not integers");
        }
        Optional<byte[][]> raw = lookup(key);
        if (raw.isEmpty()) return Optional.empty();
        int words = valueSize == 4 ? 1 : valueSize / 8;
        long[] sum = new long[words];
        for (byte[] slot : raw.get()) {
            MemorySegment s = MemorySegment.ofArray(slot);
            for (int w = 0; w < words; w++) {
                sum[w] += valueSize == 4 ? Integer.toUnsignedLong(s.get(JAVA_INT_UNALIGNED, 0))
                        : s.get(JAVA_LONG_UNALIGNED, (long) w * 8);
            }
        }
        return Optional.of(sum);
    }

    /**
     * Writes {@code value} for {@code key} (BPF_ANY). For per-CPU maps, {@code value} holds one
     * value (copied to every CPU) or every CPU's slot.
     */
    public void update(byte[] key, byte[] value) throws BpfException {
        checkKey(key);
        synchronized (owner) {
            requireLoaded();
            byte[] full = value;
            if (perCpu() && value.length == valueSize) {
                int stride = (valueSize + 7) & ~7;
                full = new byte[stride * lib.possibleCpus()];
                for (int cpu = 0; cpu < lib.possibleCpus(); cpu++) System.arraycopy(value, 0, full, cpu * stride, valueSize);
            } else if (!perCpu() && value.length != valueSize) {
                throw new IllegalArgumentException("map " + name + " needs " + valueSize + "-byte values, got " + value.length);
            }
            try (Arena call = Arena.ofConfined()) {
                MemorySegment state = Libbpf.callState(call);
                int rc = (int) lib.mapUpdateElem.invokeExact(state, fd, call.allocateFrom(JAVA_BYTE, key),
                        call.allocateFrom(JAVA_BYTE, full), BPF_ANY);
                if (rc < 0) throw lib.error("bpf_map_update_elem", Libbpf.errnoOf(rc, state), "map " + name);
            } catch (BpfException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("bpf_map_update_elem call failed", t);
            }
        }
    }

    /** A u32 key (array index, port) in the host's byte order, as BPF programs see it. */
    public static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    /** Reads a key or value of up to 8 bytes as an unsigned integer in the host's byte order. */
    public static long unsigned(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        return switch (bytes.length) {
            case 1 -> Byte.toUnsignedLong(b.get());
            case 2 -> Short.toUnsignedLong(b.getShort());
            case 4 -> Integer.toUnsignedLong(b.getInt());
            case 8 -> b.getLong();
            default -> throw new IllegalArgumentException(bytes.length + "-byte value is not an integer");
        };
    }

    private void checkKey(byte[] key) {
        if (key.length != keySize) {
            throw new IllegalArgumentException("map " + name + " has " + keySize + "-byte keys, got " + key.length);
        }
    }

    private void requireLoaded() {
        owner.ensureOpen();
        if (fd < 0) throw new IllegalStateException("map " + name + " was read before its object was loaded");
    }

    @Override
    public String toString() {
        return "BpfMap[" + name + ", type " + type + ", key " + keySize + "B, value " + valueSize + "B]";
    }
}
