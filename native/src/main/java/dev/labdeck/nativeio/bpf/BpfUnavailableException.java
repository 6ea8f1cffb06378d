package dev.labdeck.nativeio.bpf;

/** libbpf cannot be used on this host: not Linux, or libbpf.so.1 is missing. */
public final class BpfUnavailableException extends BpfException {
    public BpfUnavailableException(String reason) {
        super("libbpf", 0, "unavailable: " + reason);
    }
}
