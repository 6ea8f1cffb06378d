package dev.labdeck.nativeio.dpdk;

import java.nio.file.Path;

/**
 * A DPDK process found by its runtime directory.
 *
 * @param filePrefix      the EAL {@code --file-prefix} (the directory's name; "rte" by default)
 * @param runtimeDirectory e.g. /var/run/dpdk/rte
 * @param telemetrySocket the v2 telemetry socket in it
 */
public record DpdkProcess(String filePrefix, Path runtimeDirectory, Path telemetrySocket) {}
