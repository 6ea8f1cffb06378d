package dev.labdeck.agent.http;

import java.io.IOException;
import java.io.OutputStream;

/** What a route answers: a JSON body, no body, or a stream written until the client goes away. */
public sealed interface Reply {

    /** {@code body} is written with the protocol's JSON mapper. */
    record Json(int status, Object body) implements Reply {}

    record Empty(int status) implements Reply {}

    /** A long-lived answer (server-sent events); {@code writer} returns when the stream ends. */
    record Stream(String contentType, StreamWriter writer) implements Reply {}

    /** Answers {@code reply}, then runs {@code after} once the answer is on its way (e.g. shut down). */
    record AndThen(Reply reply, Runnable after) implements Reply {}

    @FunctionalInterface
    interface StreamWriter {
        void writeTo(OutputStream out) throws IOException, InterruptedException;
    }

    static Reply ok(Object body) {
        return new Json(200, body);
    }

    static Reply accepted(Object body) {
        return new Json(202, body);
    }

    static Reply noContent() {
        return new Empty(204);
    }
}
