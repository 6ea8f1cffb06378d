package dev.labdeck.nativeio.bpf;

/**
 * A libbpf call failed. The message names the C function and {@code strerror(errno)}; a program
 * the kernel's verifier rejected also carries the verifier's log.
 */
public class BpfException extends Exception {
    private final String function;
    private final int errno;
    private final String verifierLog;

    public BpfException(String function, int errno, String detail, String verifierLog) {
        super(function + ": " + detail + (verifierLog == null || verifierLog.isBlank() ? ""
                : "\nverifier log (last lines):\n" + tail(verifierLog, 25)));
        this.function = function;
        this.errno = errno;
        this.verifierLog = verifierLog;
    }

    public BpfException(String function, int errno, String detail) {
        this(function, errno, detail, null);
    }

    /** The libbpf or libc function that failed, e.g. {@code bpf_object__load}. */
    public String function() {
        return function;
    }

    /** The positive errno (or libbpf's own 4000+ codes); 0 when the failure was not an errno. */
    public int errno() {
        return errno;
    }

    /** The kernel verifier's whole log when the failure was a program load, else null. */
    public String verifierLog() {
        return verifierLog;
    }

    private static String tail(String log, int lines) {
        String[] all = log.strip().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }
}
