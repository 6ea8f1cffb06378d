package dev.labdeck.agent.httpload;

import dev.labdeck.nativeio.CpuAffinity;
import dev.labdeck.nativeio.NativeCallException;
import dev.labdeck.protocol.HttpLatency;
import dev.labdeck.protocol.HttpLoadStart;
import dev.labdeck.protocol.HttpLoadStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SynchronizedHistogram;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of HTTP load: {@code connections} virtual threads, each owning one keep-alive
 * connection of a pool of exactly that size, each sending its next request when the previous
 * answer has been read to the end; an optional rate spaces requests evenly over all connections.
 */
final class HttpLoad {
    private static final Logger log = LoggerFactory.getLogger(HttpLoad.class);
    static final long DEFAULT_TIMEOUT_MS = 5_000;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final HttpLoadStart spec;
    private final URI uri;
    private final Consumer<HttpLoadStatus> finished;
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    /**
     * Every connection the load used, by its byte counters: what HttpClient wrote to and read from
     * the socket (request and status lines, headers, bodies), so the bytes are the TCP payload the
     * kernel carried, counted here as the load generator saw them.
     */
    private final Set<EndpointDetails> connectionsUsed = ConcurrentHashMap.newKeySet();
    private final Map<Integer, LongAdder> statusCodes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
    /** Every answered request's latency, for the final percentiles. */
    private final Histogram total = new SynchronizedHistogram(SIGNIFICANT_DIGITS);
    /** The same, drained by each sample for the live percentiles. */
    private final Recorder interval = new Recorder(SIGNIFICANT_DIGITS);
    /** The next request's slot when the rate is limited: slot k is due k / rate seconds after the start. */
    private final AtomicLong nextSlot = new AtomicLong();
    private final byte[] body;
    private volatile String lastError;
    private volatile boolean stopRequested;
    private volatile String state = "idle";
    private volatile long startedAtMs;
    private volatile long endedAtMs;
    private volatile long startNanos;
    private volatile long deadlineNanos;
    private long endNanos;
    private CloseableHttpClient client;
    private final List<Thread> workers = new ArrayList<>();

    HttpLoad(HttpLoadStart spec, Consumer<HttpLoadStatus> finished) {
        this.spec = spec;
        this.uri = URI.create(spec.url());
        this.finished = finished;
        this.body = spec.requestBytes() > 0 ? filler(spec.requestBytes()) : null;
    }

    /** Checks what the controller's validator cannot know and the agent must refuse. */
    static String problem(HttpLoadStart s) {
        if (s.url() == null || s.url().isBlank()) {
            return "the HTTP load needs a url";
        }
        URI u;
        try {
            u = URI.create(s.url());
        } catch (IllegalArgumentException e) {
            return "url " + s.url() + " is not a URI: " + e.getMessage();
        }
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
            return "url " + s.url() + " must be http://HOST[:PORT]/PATH";
        }
        if (s.connections() < 1 || s.connections() > 10_000) {
            return "connections must be 1 to 10000, not " + s.connections();
        }
        if (s.durationMs() <= 0) {
            return "duration must be positive";
        }
        if (s.ratePerSecond() < 0 || s.requestBytes() < 0) {
            return "rate and request size must not be negative";
        }
        if (s.cores() != null && !s.cores().isEmpty()) {
            if (dev.labdeck.nativeio.Libc.unavailableReason() != null) {
                return "cannot pin to cores " + s.cores() + ": cpu affinity " + dev.labdeck.nativeio.Libc.unavailableReason();
            }
            try {
                java.util.SortedSet<Integer> allowed = CpuAffinity.get(0);
                for (int c : s.cores()) {
                    if (!allowed.contains(c)) {
                        return "core " + c + " is not available on this host (the agent may use cores " + allowed + ")";
                    }
                }
            } catch (NativeCallException e) {
                return "cannot read the cores this host allows: " + e.getMessage();
            }
        }
        return null;
    }

    synchronized void start() {
        long timeoutMs = spec.timeoutMs() > 0 ? spec.timeoutMs() : DEFAULT_TIMEOUT_MS;
        Timeout timeout = Timeout.ofMilliseconds(timeoutMs);
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(spec.connections())
                .setMaxConnPerRoute(spec.connections())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                .build();
        client = HttpClients.custom()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout).build())
                .build();
        List<Integer> cores = spec.cores() == null ? List.of() : spec.cores();
        // every connection's thread is set up (pinned) before the clock starts
        CountDownLatch ready = new CountDownLatch(spec.connections());
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < spec.connections(); i++) {
            Runnable work = () -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                loop();
            };
            if (cores.isEmpty()) {
                workers.add(Thread.ofVirtual().name("http-load-" + i).start(work));
            } else {
                // blocking I/O happens on the calling thread: a platform thread pinned to the cores
                // keeps every send and receive of this connection there
                workers.add(Thread.ofPlatform().name("http-load-" + i).daemon(true).start(() -> {
                    try {
                        CpuAffinity.set(0, cores);
                    } catch (NativeCallException | RuntimeException | LinkageError e) {
                        lastError = "cannot pin to cores " + cores + ": " + e.getMessage();
                        log.warn("HTTP load thread not pinned to {}: {}", cores, e.getMessage());
                    }
                    work.run();
                }));
            }
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        startedAtMs = System.currentTimeMillis();
        startNanos = System.nanoTime();
        nextSlot.set(0);
        deadlineNanos = startNanos + spec.durationMs() * 1_000_000L;
        state = "running";
        go.countDown();
        Thread.ofVirtual().name("http-load-end").start(this::awaitEnd);
    }

    private void loop() {
        long rate = spec.ratePerSecond();
        while (!stopRequested) {
            long now = System.nanoTime();
            if (now >= deadlineNanos) {
                // a rate the server cannot keep up with leaves slots unsent: the load still ends with its duration
                return;
            }
            if (rate > 0) {
                // every slot is sent, even when this thread wakes late, as long as the duration lasts: at most rate × duration
                long slot = startNanos + Math.multiplyExact(nextSlot.getAndIncrement(), 1_000_000_000L) / rate;
                if (slot >= deadlineNanos) {
                    return;
                }
                while (!stopRequested && (now = System.nanoTime()) < slot) {
                    LockSupport.parkNanos(slot - now);
                }
                if (stopRequested) {
                    return;
                }
            }
            once();
        }
    }

    private void once() {
        HttpUriRequestBase request;
        if (body != null) {
            HttpPost post = new HttpPost(uri);
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_OCTET_STREAM));
            request = post;
        } else {
            request = new HttpGet(uri);
        }
        HttpClientContext context = HttpClientContext.create();
        long t0 = System.nanoTime();
        try {
            int code = client.execute(request, context, response -> {
                HttpEntity entity = response.getEntity();
                if (entity != null) {
                    try (InputStream in = entity.getContent()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                return response.getCode();
            });
            long micros = Math.max(1, (System.nanoTime() - t0) / 1000);
            total.recordValue(micros);
            interval.recordValue(micros);
            requests.increment();
            statusCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
            if (code >= 400) {
                errors.increment();
                errorKinds.computeIfAbsent("status " + code, k -> new LongAdder()).increment();
                lastError = "HTTP " + code;
            }
        } catch (IOException | RuntimeException e) {
            errors.increment();
            errorKinds.computeIfAbsent(errorKind(e), k -> new LongAdder()).increment();
            lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            log.debug("HTTP request to {} failed: {}", uri, lastError);
            if (!stopRequested) {
                // a refused connection fails at once: do not spin on it
                LockSupport.parkNanos(10_000_000L);
            }
        } finally {
            EndpointDetails connection = context.getEndpointDetails();
            if (connection != null) {
                connectionsUsed.add(connection);
            }
        }
    }

    /** A request that got no answer, in words: what an engineer calls it. */
    static String errorKind(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (e instanceof java.net.ConnectException) {
            return message.contains("refused") ? "connection refused" : "connect failed";
        }
        if (e instanceof java.io.InterruptedIOException) {
            // SocketTimeoutException, HttpClient's ConnectTimeoutException
            return "timed out";
        }
        if (e instanceof org.apache.hc.core5.http.NoHttpResponseException) {
            return "closed without an answer";
        }
        if (e instanceof java.net.SocketException && message.contains("reset")) {
            return "connection reset";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        return e.getClass().getSimpleName();
    }

    private void awaitEnd() {
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        synchronized (this) {
            endNanos = System.nanoTime();
            endedAtMs = System.currentTimeMillis();
            state = stopRequested ? "stopped" : "done";
        }
        try {
            client.close();
        } catch (IOException e) {
            log.debug("closing the HTTP client: {}", e.getMessage());
        }
        finished.accept(status());
    }

    /** Ends the load early; returns once every connection's last request is done. */
    void stop() {
        stopRequested = true;
        for (Thread t : workers) {
            try {
                t.join(spec.timeoutMs() > 0 ? spec.timeoutMs() + 1000 : DEFAULT_TIMEOUT_MS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    boolean running() {
        return "running".equals(state);
    }

    long requests() {
        return requests.sum();
    }

    long errors() {
        return errors.sum();
    }

    /** Bytes read from every connection so far: status lines, headers and bodies of the answers. */
    long rxBytes() {
        long n = 0;
        for (EndpointDetails c : connectionsUsed) {
            n += c.getReceivedBytesCount();
        }
        return n;
    }

    /** Bytes written to every connection so far: request lines, headers and bodies. */
    long txBytes() {
        long n = 0;
        for (EndpointDetails c : connectionsUsed) {
            n += c.getSentBytesCount();
        }
        return n;
    }

    /** Latency of the requests answered since the last call (for the live samples). */
    Histogram intervalLatency() {
        return interval.getIntervalHistogram();
    }

    synchronized HttpLoadStatus status() {
        long n = requests.sum();
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        double seconds = startNanos == 0 ? 0 : (end - startNanos) / 1e9;
        Map<String, Long> codes = new TreeMap<>();
        statusCodes.forEach((c, a) -> codes.put(Integer.toString(c), a.sum()));
        Map<String, Long> kinds = new TreeMap<>();
        errorKinds.forEach((k, a) -> kinds.put(k, a.sum()));
        return new HttpLoadStatus(state, startedAtMs, endedAtMs, spec.connections(), n, errors.sum(), rxBytes(),
                txBytes(), seconds > 0 ? n / seconds : 0, latency(total), codes, lastError, kinds);
    }

    static HttpLatency latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new HttpLatency(0, 0, 0, 0, 0, 0, 0);
        }
        return new HttpLatency(h.getTotalCount(), h.getMean(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    private static byte[] filler(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 'x');
        return b;
    }
}
