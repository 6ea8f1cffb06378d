package dev.labdeck.nativeio.bpf;

import java.util.Locale;

/** Where an XDP program runs: in the driver (native), in the generic skb path, or on the NIC. */
public enum XdpMode {
    NATIVE(Xdp.XDP_FLAGS_DRV_MODE, 1),
    GENERIC(Xdp.XDP_FLAGS_SKB_MODE, 2),
    OFFLOAD(Xdp.XDP_FLAGS_HW_MODE, 3);

    final int flag;
    /** The kernel's XDP_ATTACHED_* value for this mode. */
    final int attachedValue;

    XdpMode(int flag, int attachedValue) {
        this.flag = flag;
        this.attachedValue = attachedValue;
    }

    /** Lower-case, as in profiles and {@code ip link}: native, generic, offload. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepts native/drv, generic/skb, offload/hw in any case. */
    public static XdpMode parse(String s) {
        return switch (s == null ? "native" : s.trim().toLowerCase(Locale.ROOT)) {
            case "native", "drv", "driver" -> NATIVE;
            case "generic", "skb" -> GENERIC;
            case "offload", "hw" -> OFFLOAD;
            default -> throw new IllegalArgumentException("unknown XDP mode '" + s + "' (native, generic or offload)");
        };
    }

    static XdpMode fromAttached(int value) {
        for (XdpMode m : values()) {
            if (m.attachedValue == value) return m;
        }
        return null;
    }
}
