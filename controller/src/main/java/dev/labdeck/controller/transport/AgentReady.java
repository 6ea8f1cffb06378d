package dev.labdeck.controller.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;

/** The agent's ready file: {@code {"port":N,"pid":M}}, written once it listens. */
record AgentReady(int port, long pid) {

    static AgentReady parse(String json) throws IOException {
        JsonNode node = ProtocolJson.mapper().readTree(json);
        if (node == null || !node.hasNonNull("port") || !node.hasNonNull("pid")) {
            throw new IOException("ready file without port and pid: " + json.strip());
        }
        return new AgentReady(node.get("port").asInt(), node.get("pid").asLong());
    }
}
