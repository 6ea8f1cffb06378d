package dev.labdeck.nativeio.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes libbpf's own messages (it prints to stderr by default) into SLF4J through an FFM
 * upcall. The message arrives as a printf format and a {@code va_list}, formatted with libc's
 * {@code vsnprintf}; a va_list travels as a pointer on x86-64 and AArch64, so the callback is only
 * installed there and libbpf is silenced elsewhere.
 */
final class LibbpfLog {
    private static final Logger LOG = LoggerFactory.getLogger("libbpf");
    private static final int LIBBPF_WARN = 0;
    private static final int LIBBPF_INFO = 1;
    private static MethodHandle vsnprintf;

    private LibbpfLog() {}

    static void install(SymbolLookup bpf, SymbolLookup libc) {
        Linker linker = Linker.nativeLinker();
        MethodHandle setPrint = linker.downcallHandle(bpf.find("libbpf_set_print").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, ADDRESS));
        MemorySegment callback = MemorySegment.NULL;
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean vaListIsPointer = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64");
        try {
            if (vaListIsPointer && libc.find("vsnprintf").isPresent()) {
                vsnprintf = linker.downcallHandle(libc.find("vsnprintf").get(),
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
                // the stub lives as long as the process: libbpf keeps the pointer globally
                callback = linker.upcallStub(MethodHandles.lookup().findStatic(LibbpfLog.class, "print",
                        MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class)),
                        Libbpf.PRINT_FN, Arena.global());
            }
            MemorySegment previous = (MemorySegment) setPrint.invokeExact(callback);
            LOG.trace("libbpf print callback installed (previous {})", previous);
        } catch (Throwable t) {
            LOG.debug("libbpf print callback not installed", t);
        }
    }

    /** Called by libbpf; must never throw (an exception in an upcall ends the JVM). */
    @SuppressWarnings("unused")
    private static int print(int level, MemorySegment format, MemorySegment args) {
        try {
            if (level == LIBBPF_WARN ? !LOG.isWarnEnabled() : level == LIBBPF_INFO ? !LOG.isDebugEnabled() : !LOG.isTraceEnabled()) {
                return 0;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(2048);
                int n = (int) vsnprintf.invokeExact(buf, 2048L, format, args);
                String line = buf.getString(0).stripTrailing();
                if (level == LIBBPF_WARN) LOG.warn("{}", line);
                else if (level == LIBBPF_INFO) LOG.debug("{}", line);
                else LOG.trace("{}", line);
                return n;
            }
        } catch (Throwable t) {
            return 0;
        }
    }

}
