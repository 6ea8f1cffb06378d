package dev.labdeck.agent.http;

import java.util.Objects;

/**
 * One endpoint of the agent: method, path template ({@code /v1/services/{name}}) and what it takes
 * and gives. The router serves it and the OpenAPI document is generated from the same record, so a
 * route cannot exist without being described.
 *
 * @param requestType   the JSON request body's type, or null when the route takes no JSON body
 * @param binaryBody    the route takes raw bytes ({@code application/octet-stream}), e.g. an ELF object
 * @param responseType  the JSON answer's type (element type when {@code responseIsList}), or null for none
 * @param successStatus the status of a successful answer, as documented
 * @param eventStream   the answer is a {@code text/event-stream}
 * @param maxBodyBytes  larger bodies are refused with 413
 */
public record Route(
        String method,
        String path,
        String summary,
        Class<?> requestType,
        boolean binaryBody,
        Class<?> responseType,
        boolean responseIsList,
        int successStatus,
        boolean eventStream,
        long maxBodyBytes,
        RouteHandler handler) {

    /** JSON bodies are small; a route that takes uploads raises its own limit. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with /: " + path);
    }

    public static Builder get(String path) {
        return new Builder("GET", path);
    }

    public static Builder post(String path) {
        return new Builder("POST", path);
    }

    public static Builder put(String path) {
        return new Builder("PUT", path);
    }

    public static Builder delete(String path) {
        return new Builder("DELETE", path);
    }

    /** Collects a route's description; {@link #handle} finishes it. */
    public static final class Builder {
        private final String method;
        private final String path;
        private String summary = "";
        private Class<?> requestType;
        private boolean binaryBody;
        private Class<?> responseType;
        private boolean responseIsList;
        private int successStatus = 200;
        private boolean eventStream;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Builder summary(String text) {
            this.summary = text;
            return this;
        }

        public Builder body(Class<?> type) {
            this.requestType = type;
            return this;
        }

        /** Raw bytes up to {@code maxBytes}. */
        public Builder binaryBody(long maxBytes) {
            this.binaryBody = true;
            this.maxBodyBytes = maxBytes;
            return this;
        }

        public Builder maxBodyBytes(long maxBytes) {
            this.maxBodyBytes = maxBytes;
            return this;
        }

        public Builder returns(Class<?> type) {
            this.responseType = type;
            this.responseIsList = false;
            return this;
        }

        public Builder returnsListOf(Class<?> type) {
            this.responseType = type;
            this.responseIsList = true;
            return this;
        }

        public Builder status(int status) {
            this.successStatus = status;
            return this;
        }

        public Builder eventStream() {
            this.eventStream = true;
            return this;
        }

        public Route handle(RouteHandler handler) {
            return new Route(method, path, summary, requestType, binaryBody, responseType, responseIsList,
                    successStatus, eventStream, maxBodyBytes, handler);
        }
    }
}
