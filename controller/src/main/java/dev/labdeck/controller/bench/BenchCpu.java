package dev.labdeck.controller.bench;

import java.time.Duration;

/** CPU time of a process and everything it started, as the kernel accounts it (user + system). */
final class BenchCpu {
    private BenchCpu() {}

    static Duration of(ProcessHandle process) {
        Duration total = process.info().totalCpuDuration().orElse(Duration.ZERO);
        for (ProcessHandle child : process.descendants().toList()) {
            total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return total;
    }
}
