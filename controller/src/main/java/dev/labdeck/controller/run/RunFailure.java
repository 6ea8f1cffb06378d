package dev.labdeck.controller.run;

/** A run failed at a named host and step, for a reason a person can act on. */
public class RunFailure extends Exception {
    private final String host;
    private final String step;
    private final String reason;

    public RunFailure(String host, String step, String reason, Throwable cause) {
        super((host == null ? "" : host + ": ") + step + ": " + reason, cause);
        this.host = host;
        this.step = step;
        this.reason = reason;
    }

    public RunFailure(String host, String step, String reason) {
        this(host, step, reason, null);
    }

    public String host() {
        return host;
    }

    public String step() {
        return step;
    }

    /** The reason alone, without host and step. */
    public String reason() {
        return reason;
    }
}
