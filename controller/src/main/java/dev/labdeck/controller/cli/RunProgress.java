package dev.labdeck.controller.cli;

import dev.labdeck.controller.run.HostState;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Live progress of a run on the terminal: phase, elapsed time, tx and rx pps. On a terminal one
 * line updates in place; otherwise (CI logs, pipes) plain lines, at most one per second while
 * traffic runs. Warnings and errors always get a line of their own.
 */
final class RunProgress implements RunListener {
    private final PrintWriter out;
    private final boolean tty;
    private final long start = System.currentTimeMillis();
    private volatile RunPhase phase = RunPhase.PLAN;
    private volatile double txPps = Double.NaN;
    private volatile double rxPps = Double.NaN;
    private long lastPlain;
    private boolean lineOpen;

    private volatile boolean ended;

    RunProgress(PrintWriter out, boolean tty) {
        this.out = out;
        this.tty = tty;
        if (tty) {
            // keep the elapsed time moving through long phases (an agent starting, a service getting ready)
            Thread.ofVirtual().name("labdeck-progress").start(() -> {
                while (!ended) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    synchronized (this) {
                        if (!ended && lineOpen) {
                            redraw();
                        }
                    }
                }
            });
        }
    }

    @Override
    public synchronized void phase(RunPhase p) {
        phase = p;
        if (p == RunPhase.WARMUP) {
            txPps = Double.NaN;
            rxPps = Double.NaN;
        }
        if (tty) {
            redraw();
        } else {
            out.println(status());
            out.flush();
        }
    }

    @Override
    public synchronized void hostState(String host, HostState state, String detail) {
        if (state == HostState.READY || state == HostState.ERROR) {
            line(host + ": " + state.name().toLowerCase(Locale.ROOT) + (detail == null ? "" : " (" + detail + ")"));
        }
    }

    @Override
    public synchronized void samples(String host, List<Sample> samples) {
        for (Sample s : samples) {
            if (s.metric().equals(Metrics.TRAFFIC_TX_PPS)) txPps = s.value();
            if (s.metric().equals(Metrics.SINK_RX_PPS)) rxPps = s.value();
        }
        if (tty) {
            redraw();
        } else if (phase == RunPhase.MEASURE && System.currentTimeMillis() - lastPlain >= 1000) {
            lastPlain = System.currentTimeMillis();
            out.println(status());
            out.flush();
        }
    }

    @Override
    public synchronized void event(RunEvent e) {
        if (e.level() == EventLevel.WARN || e.level() == EventLevel.ERROR) {
            line(e.level() + ": " + (e.host() == null ? "" : e.host() + ": ") + e.message());
        }
    }

    /** Ends the updating line so what follows starts on a fresh one. */
    synchronized void end() {
        ended = true;
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.flush();
    }

    private void line(String text) {
        if (tty && lineOpen) {
            out.print("\r\033[K");
        }
        out.println(text);
        lineOpen = false;
        if (tty) {
            redraw();
        } else {
            out.flush();
        }
    }

    private void redraw() {
        out.print("\r\033[K" + status());
        out.flush();
        lineOpen = true;
    }

    String status() {
        double elapsed = (System.currentTimeMillis() - start) / 1000.0;
        String line = String.format(Locale.ROOT, "%-14s %6.1f s", phase.label(), elapsed);
        boolean traffic = phase == RunPhase.WARMUP || phase == RunPhase.MEASURE || phase == RunPhase.COOLDOWN;
        return traffic ? line + String.format(Locale.ROOT, "   tx %s pps   rx %s pps", pps(txPps), pps(rxPps)) : line;
    }

    private static String pps(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
