package dev.labdeck.nativeio.dpdk;

import java.io.IOException;

/** Telemetry could not be read: no such process, a closed socket, or a reply that is not JSON. */
public class DpdkTelemetryException extends IOException {
    public DpdkTelemetryException(String message, Throwable cause) {
        super(message, cause);
    }

    public DpdkTelemetryException(String message) {
        super(message);
    }
}
