package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.SinkState;
import dev.labdeck.protocol.AgentEvent;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.RunSession;
import dev.labdeck.protocol.Sample;
import dev.labdeck.protocol.SinkStart;
import dev.labdeck.protocol.SinkStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server-sent event stream of a real agent: samples at the session's interval and events as they happen. */
class EventStreamTest {
    @TempDir
    Path dir;

    @Test
    void deliversSamplesAtTheSessionIntervalAndEvents() throws Exception {
        try (AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0");
             EventStreamClient stream = new EventStreamClient(agent)) {
            long interval = 200;
            AgentProcess.read(agent.post(Api.SESSION, new RunSession("sse-run", interval, 0)), RunSession.class);

            List<Long> sampleTimes = new ArrayList<>();
            List<Sample> first = null;
            for (int i = 0; i < 6; i++) {
                EventStreamClient.Message m = stream.next(Api.SSE_SAMPLE, Duration.ofSeconds(10));
                assertNotNull(m, "sample " + i + " did not arrive");
                List<Sample> samples = List.of(ProtocolJson.mapper().readValue(m.data(), Sample[].class));
                if (first == null) first = samples;
                sampleTimes.add(samples.getFirst().timeMs());
            }
            assertTrue(first.stream().anyMatch(s -> s.metric().equals(Metrics.CPU_TOTAL_UTIL)), "samples carry system metrics");
            assertTrue(first.stream().anyMatch(s -> s.metric().equals(Metrics.MEM_USED_BYTES)));
            // ticks follow the interval (not flooding, not stalling); loose bounds for a busy machine
            long span = sampleTimes.getLast() - sampleTimes.get(1);
            double meanGap = span / (double) (sampleTimes.size() - 2);
            assertTrue(meanGap >= interval * 0.5 && meanGap <= interval * 3, "mean gap " + meanGap + " ms for interval " + interval);

            // an agent event reaches the stream as it happens
            SinkStatus sink = AgentProcess.read(agent.post(Api.TRAFFIC_SINK,
                    new SinkStart("127.0.0.1", TrafficLoopbackTest.freePorts(1))), SinkStatus.class);
            assertEquals(SinkState.RUNNING, sink.state());
            AgentEvent started = null;
            for (int i = 0; i < 100 && started == null; i++) {
                EventStreamClient.Message m = stream.next(Api.SSE_EVENT, Duration.ofSeconds(10));
                assertNotNull(m, "no event arrived");
                AgentEvent e = ProtocolJson.mapper().readValue(m.data(), AgentEvent.class);
                if (e.kind().equals("sink.started")) started = e;
            }
            assertNotNull(started);

            // with the sink running, its counters join the samples
            boolean sinkSampled = false;
            for (int i = 0; i < 5 && !sinkSampled; i++) {
                EventStreamClient.Message m = stream.next(Api.SSE_SAMPLE, Duration.ofSeconds(10));
                assertNotNull(m);
                sinkSampled = m.data().contains("\"" + Metrics.SINK_FOREIGN + "\"");
            }
            assertTrue(sinkSampled, "sink metrics in samples");
            agent.delete(Api.TRAFFIC_SINK);
        }
    }
}
