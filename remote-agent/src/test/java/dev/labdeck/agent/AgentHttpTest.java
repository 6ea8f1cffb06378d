package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.ErrorResponse;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.RunSession;
import dev.labdeck.protocol.Sample;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real agent process over real HTTP: authentication, errors, info, metrics. */
class AgentHttpTest {
    @TempDir
    static Path dir;
    static AgentProcess agent;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0");
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) agent.close();
    }

    @Test
    void refusesRequestsWithoutTheToken() throws Exception {
        HttpResponse<String> r = agent.send(HttpRequest.newBuilder(agent.uri(Api.INFO)).GET().build());
        assertEquals(401, r.statusCode());
        ErrorResponse e = ProtocolJson.mapper().readValue(r.body(), ErrorResponse.class);
        assertEquals("unauthorized", e.error());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void refusesAWrongToken() throws Exception {
        HttpResponse<String> r = agent.send(HttpRequest.newBuilder(agent.uri(Api.INFO))
                .header("Authorization", "Bearer " + agent.token + "x").GET().build());
        assertEquals(401, r.statusCode());
        HttpResponse<String> prefix = agent.send(HttpRequest.newBuilder(agent.uri(Api.INFO))
                .header("Authorization", "Bearer " + agent.token.substring(0, 8)).GET().build());
        assertEquals(401, prefix.statusCode());
        // even a non-existing path says 401, not 404: nothing is revealed without the token
        HttpResponse<String> unknown = agent.send(HttpRequest.newBuilder(agent.uri("/v1/nothing")).GET().build());
        assertEquals(401, unknown.statusCode());
    }

    @Test
    void malformedJsonGets400WithAMessage() throws Exception {
        HttpResponse<String> r = agent.post(Api.SESSION, "{\"run_id\": \"r1\", sample_interval_ms: }");
        assertEquals(400, r.statusCode());
        ErrorResponse e = ProtocolJson.mapper().readValue(r.body(), ErrorResponse.class);
        assertEquals("bad_request", e.error());
        assertTrue(e.message().contains("malformed JSON") && e.message().contains("line 1"), e.message());

        HttpResponse<String> missing = agent.post(Api.TRAFFIC_SOURCE, "");
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("TrafficStart"), missing.body());
    }

    @Test
    void invalidTrafficRequestGets400NamingTheField() throws Exception {
        HttpResponse<String> r = agent.post(Api.TRAFFIC_SOURCE,
                "{\"destination\":\"127.0.0.1\",\"flows\":[{\"id\":1,\"dst_port\":9}],\"pps\":0,\"payload_bytes\":64,\"duration_ms\":1000}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("pps"), r.body());
    }

    @Test
    void oversizedBodyGets413() throws Exception {
        byte[] big = new byte[2 << 20];
        Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = agent.send(agent.request(Api.SESSION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
        assertEquals(413, r.statusCode());
        assertEquals("payload_too_large", ProtocolJson.mapper().readValue(r.body(), ErrorResponse.class).error());
        // the connection still serves the next request
        assertEquals(200, agent.get(Api.INFO).statusCode());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertEquals(404, agent.get("/v1/no/such/thing").statusCode());
        HttpResponse<String> r = agent.delete(Api.INFO);
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void infoDescribesAgentAndHost() throws Exception {
        AgentInfo info = AgentProcess.read(agent.get(Api.INFO), AgentInfo.class);
        assertEquals(Api.VERSION, info.protocolVersion());
        assertFalse(info.agentVersion().isBlank());
        assertEquals(agent.process.pid(), info.pid());
        assertEquals(Runtime.getRuntime().availableProcessors(), info.cpus());
        assertFalse(info.os().isBlank());
        assertFalse(info.kernel().isBlank());
        assertFalse(info.hostname().isBlank());
        assertTrue(info.javaVersion().startsWith("25"), info.javaVersion());
        assertTrue(info.capabilities().containsAll(List.of(Capability.METRICS, Capability.TRAFFIC_SOURCE, Capability.TRAFFIC_SINK)),
                info.capabilities().toString());
        assertTrue(info.startedAtMs() > 0 && info.startedAtMs() <= System.currentTimeMillis());
        assertNotNull(info.unavailable());
        assertTrue(info.warnings().isEmpty(), "token file is 0600, so no warning: " + info.warnings());
    }

    @Test
    void metricsCoverCpuMemoryAndInterfaces() throws Exception {
        Sample[] samples = AgentProcess.read(agent.get(Api.METRICS), Sample[].class);
        List<Sample> list = List.of(samples);
        long cores = list.stream().filter(s -> s.metric().equals(Metrics.CPU_CORE_UTIL)).count();
        assertEquals(Runtime.getRuntime().availableProcessors(), cores);
        assertTrue(list.stream().anyMatch(s -> s.metric().equals(Metrics.CPU_TOTAL_UTIL) && s.value() >= 0 && s.value() <= 100));
        assertTrue(list.stream().anyMatch(s -> s.metric().equals(Metrics.MEM_TOTAL_BYTES) && s.value() > 0));
        assertTrue(list.stream().anyMatch(s -> s.metric().equals(Metrics.MEM_USED_BYTES) && s.value() > 0));
        for (String m : List.of(Metrics.IF_RX_PACKETS, Metrics.IF_TX_PACKETS, Metrics.IF_RX_BYTES, Metrics.IF_TX_BYTES,
                Metrics.IF_RX_ERRORS, Metrics.IF_TX_ERRORS, Metrics.IF_RX_DROPS)) {
            assertTrue(list.stream().anyMatch(s -> s.metric().equals(m) && s.labels().containsKey("iface")), m);
        }
        // a second reading has rates since the first
        List<Sample> second = List.of(AgentProcess.read(agent.get(Api.METRICS), Sample[].class));
        assertTrue(second.stream().anyMatch(s -> s.metric().equals(Metrics.IF_RX_PPS)));
    }

    @Test
    void sessionAndHeartbeat() throws Exception {
        RunSession s = AgentProcess.read(agent.post(Api.SESSION, new RunSession("run-42", 500, 0)), RunSession.class);
        assertEquals("run-42", s.runId());
        assertEquals(500, s.sampleIntervalMs());
        assertEquals(0, s.heartbeatTimeoutMs(), "0 keeps the timeout the agent was started with (here: off)");
        assertEquals(204, agent.post(Api.HEARTBEAT, "").statusCode());
        agent.post(Api.SESSION, new RunSession("run-42", 1000, 0));
    }
}
