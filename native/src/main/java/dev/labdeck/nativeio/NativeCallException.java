package dev.labdeck.nativeio;

import java.io.IOException;

/** A C call failed; the message names the function, what it was doing and {@code strerror(errno)}. */
public class NativeCallException extends IOException {
    private final String function;
    private final int errno;

    public NativeCallException(String function, int errno, String context) {
        super(function + (context == null || context.isEmpty() ? "" : " (" + context + ")") + ": "
                + Libc.strerror(errno) + " (errno " + errno + ")");
        this.function = function;
        this.errno = errno;
    }

    public String function() {
        return function;
    }

    public int errno() {
        return errno;
    }
}
