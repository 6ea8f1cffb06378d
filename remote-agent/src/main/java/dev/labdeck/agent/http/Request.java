package dev.labdeck.agent.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.util.Map;

/**
 * One authenticated request, its body already read (and bounded by the route's limit).
 *
 * @param pathParams values of the route's {@code {name}} segments
 */
public record Request(String method, String path, Map<String, String> pathParams, String query, byte[] body) {

    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) throw new IllegalStateException("route has no path parameter " + name);
        return v;
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    /** The body as JSON of {@code type}; a missing or malformed body is a 400 naming what was expected. */
    public <T> T json(Class<T> type) {
        if (body.length == 0) {
            throw HttpStatusException.badRequest("request body missing: expected JSON " + type.getSimpleName());
        }
        try {
            T value = ProtocolJson.mapper().readValue(body, type);
            if (value == null) throw HttpStatusException.badRequest("expected JSON " + type.getSimpleName() + ", got null");
            return value;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw HttpStatusException.badRequest("malformed JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw HttpStatusException.badRequest("unreadable request body: " + e.getMessage());
        }
    }
}
