package dev.labdeck.controller.profile;

import java.time.Duration;
import java.util.List;

/**
 * HTTP load that the agent on {@code host} drives in MEASURE (the profile's {@code http} section):
 * keep-alive HTTP/1.1 connections in a closed loop, each sending its next request once the
 * previous answer is in. Its figures go to summary.json under {@code http}.
 */
public record HttpLoadSpec(
        @Key(required = true, what = "HTTP load host", doc = "host whose agent sends the requests") String host,
        @Key(required = true, doc = "http://HOST[:PORT]/PATH; lab:dst.lb as HOST for the lab-in-a-box dst host's"
                + " address behind the memif load balancers") String url,
        @Key(min = 1, max = 10_000, orElse = "4", doc = "keep-alive connections, each with one request in flight")
        int connections,
        @Key(positive = true, orElse = "10s", what = "HTTP load duration", doc = "how long MEASURE sends requests")
        Duration duration,
        @Key(min = 0, orElse = "0", unit = "requests per second", doc = "at most this many requests per second"
                + " over all connections; 0 for as fast as the server answers") long rate,
        @Key(min = 0, max = 16_777_216, orElse = "0", unit = "bytes", doc = "0 sends GET; more sends POST with a body"
                + " of this many bytes") int requestSize,
        @Key(positive = true, orElse = "5s", doc = "how long one request may take before it counts as an error")
        Duration timeout,
        @Key(oneOrMore = true, min = 0, orElse = "[]", doc = "CPU cores the connections' threads are pinned to")
        List<Integer> cores) {

    /** A copy with {@code key} (a YAML key of http) set to {@code value}. */
    public HttpLoadSpec with(String key, Object value) {
        return ProfileDefinition.with(this, key, value);
    }
}
