package dev.labdeck.agent.traffic;

import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.Imix;
import dev.labdeck.protocol.PayloadFormat;
import dev.labdeck.protocol.PayloadPattern;
import java.util.Random;

/** One flow's payloads: their size (fixed or IMIX) and the bytes after LabDeck's header. */
final class FlowPayload {
    private final int size;
    private final byte[] template;

    /** The flow's payloads; {@code requestBytes} is the request's size for a flow that names none. */
    FlowPayload(Flow flow, int requestBytes, Random random) {
        this.size = size(flow, requestBytes);
        int largest = size == Flow.IMIX ? Imix.maxPayloadBytes() : size;
        this.template = new byte[largest];
        byte[] fill = PayloadPattern.fill(flow.payload(), largest - PayloadFormat.HEADER_BYTES, random);
        System.arraycopy(fill, 0, template, PayloadFormat.HEADER_BYTES, fill.length);
    }

    /** The flow's payload size: its own, else the request's; {@link Flow#IMIX} for the mix. */
    static int size(Flow flow, int requestBytes) {
        return flow.payloadBytes() != 0 ? flow.payloadBytes() : requestBytes;
    }

    /** The size of the flow's {@code k}-th packet (from 0). */
    int bytesOf(long k) {
        return size == Flow.IMIX ? Imix.payloadBytes(k) : size;
    }

    /** The largest payload of the flow, with the pattern after the header (header bytes zero). */
    byte[] template() {
        return template;
    }
}
