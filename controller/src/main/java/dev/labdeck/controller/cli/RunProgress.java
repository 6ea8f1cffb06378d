package dev.labdeck.controller.cli;

import dev.labdeck.controller.profile.Profile;
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
 * Live progress of a run on the terminal: phase, elapsed time and, while it measures, the figures of
 * what the run measures — tx and rx pps of its traffic; requests answered per second, errors so far
 * and p99 latency of its HTTP load; or, for a run whose services are the load, that their figures
 * come at the end. On a terminal one line updates in place; otherwise (CI logs, pipes) plain lines,
 * at most one per second while it measures. Warnings and errors always get a line of their own.
 */
final class RunProgress implements RunListener {
    private final PrintWriter out;
    private final boolean tty;
    private final long start = System.currentTimeMillis();
    private volatile RunPhase phase = RunPhase.PLAN;
    private final boolean traffic;
    private final boolean http;
    /** What the line says in MEASURE when the run has no live figures, or null. */
    private final String noFigures;
    private volatile double txPps = Double.NaN;
    private volatile double rxPps = Double.NaN;
    private volatile double httpPerS = Double.NaN;
    private volatile double httpErrors = Double.NaN;
    private volatile double httpP99Us = Double.NaN;
    private long lastPlain;
    private boolean lineOpen;

    private volatile boolean ended;

    /**
     * @param profile what the run measures: packets (traffic, a sweep or a search) show tx and rx
     *                pps, an HTTP load its requests/s, errors and p99 latency; null for packets only
     */
    RunProgress(PrintWriter out, boolean tty, Profile profile) {
        this.out = out;
        this.tty = tty;
        this.traffic = profile == null || profile.traffic() != null || profile.sweep() != null || profile.search() != null;
        this.http = profile != null && profile.http() != null;
        this.noFigures = traffic || http ? null
                : profile.measureDuration() != null ? "no live figures: the services are the load; their figures come at the end"
                : "nothing to measure: the profile has neither traffic nor an HTTP load";
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
            httpPerS = Double.NaN;
            httpErrors = Double.NaN;
            httpP99Us = Double.NaN;
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
            if (s.metric().equals(Metrics.HTTP_REQUESTS_PER_S)) httpPerS = s.value();
            if (s.metric().equals(Metrics.HTTP_ERRORS)) httpErrors = s.value();
            if (s.metric().equals(Metrics.HTTP_LATENCY_US) && "p99".equals(s.labels().get("quantile"))) httpP99Us = s.value();
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
        if (phase != RunPhase.WARMUP && phase != RunPhase.MEASURE && phase != RunPhase.COOLDOWN) {
            return line;
        }
        if (traffic) {
            line += String.format(Locale.ROOT, "   tx %s pps   rx %s pps", pps(txPps), pps(rxPps));
        }
        if (http) {
            line += String.format(Locale.ROOT, "   http %s req/s   errors %s   p99 %s", perSecond(httpPerS), pps(httpErrors),
                    Double.isNaN(httpP99Us) ? "-" : String.format(Locale.ROOT, "%,.0f µs", httpP99Us));
        }
        if (noFigures != null && phase == RunPhase.MEASURE) {
            line += "   " + noFigures;
        }
        return line;
    }

    private static String perSecond(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.1f", v);
    }

    private static String pps(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
