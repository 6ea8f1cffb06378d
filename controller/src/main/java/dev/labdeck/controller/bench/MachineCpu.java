package dev.labdeck.controller.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy time of all cores from {@code /proc/stat}: user, nice, system, irq, softirq and steal, not
 * idle or iowait. Softirq matters here: a veth's receive side (and XDP on it) runs there, charged
 * to no process, so a sender's own CPU time alone flatters a sender whose packets cost the
 * kernel more.
 */
final class MachineCpu {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux ABI LabDeck runs on

    private MachineCpu() {}

    static double busySeconds() throws BenchException {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = cpu.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            throw new BenchException("cannot read /proc/stat: " + e.getMessage(), e);
        }
    }
}
