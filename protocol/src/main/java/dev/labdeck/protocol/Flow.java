package dev.labdeck.protocol;

/**
 * One UDP flow of a test: its id travels in every payload; ports identify it on the wire.
 *
 * @param share        its share of the total rate, as a weight against the other flows' (1 or more)
 * @param payloadBytes its UDP payload size; 0 takes the request's, {@link #IMIX} the IMIX mix
 * @param payload      what fills the payload after LabDeck's header (see {@link PayloadPattern}); null is zeros
 */
public record Flow(int id, int dstPort, int srcPort, int share, int payloadBytes, String payload) {

    /** The payload size that stands for IMIX: 7:4:1 of 64, 570 and 1518-byte Ethernet frames (see {@link Imix}). */
    public static final int IMIX = -1;

    /** A flow with an equal share, the request's payload size and a zero payload. */
    public Flow(int id, int dstPort, int srcPort) {
        this(id, dstPort, srcPort, 1, 0, null);
    }

    /** The share, 1 for a flow that gave none. */
    public int shareOrOne() {
        return share <= 0 ? 1 : share;
    }
}
