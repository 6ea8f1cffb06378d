package dev.labdeck.agent.xdp;

/**
 * An XDP request that cannot be served, with the HTTP status and error code the caller sees:
 * 400 not ELF, 404 unknown object/program/interface, 409 hook busy, 422 verifier rejection,
 * 503 XDP unavailable on this host.
 */
public final class XdpRequestException extends Exception {
    private final int status;
    private final String code;

    public XdpRequestException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public XdpRequestException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
