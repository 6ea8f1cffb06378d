package dev.labdeck.controller.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamParserTest {

    @Test
    void namedEntriesMultiLineDataAndKeepAlives() {
        List<String> got = new ArrayList<>();
        EventStreamParser p = new EventStreamParser((name, data) -> got.add(name + "|" + data));
        for (String line : List.of(": keep-alive", "", "event: sample", "data: [1,", "data:2]", "", "data: plain", "",
                "event: event", "id: 7", "data: {}", "")) {
            p.line(line);
        }
        assertEquals(List.of("sample|[1,\n2]", "message|plain", "event|{}"), got);
    }
}
