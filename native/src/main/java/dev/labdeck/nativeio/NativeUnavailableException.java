package dev.labdeck.nativeio;

/**
 * A native facility cannot be used on this host (not Linux, a library or symbol missing). The
 * message reads "unavailable: why" so it can go straight into an agent's capability list.
 */
public class NativeUnavailableException extends RuntimeException {
    public NativeUnavailableException(String why, Throwable cause) {
        super("unavailable: " + why, cause);
    }

    public NativeUnavailableException(String why) {
        this(why, null);
    }
}
