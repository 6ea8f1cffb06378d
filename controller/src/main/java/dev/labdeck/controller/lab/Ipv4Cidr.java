package dev.labdeck.controller.lab;

/**
 * An IPv4 network such as {@code 10.231.0.0/16}. Host bits of the parsed text are cleared, so
 * {@code 10.231.7.9/16} and {@code 10.231.0.0/16} are the same network.
 */
public record Ipv4Cidr(int network, int prefix) {

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length " + prefix + " is not between 0 and 32");
        }
        network = network & mask(prefix);
    }

    /** Parses {@code a.b.c.d/n}; a plain address is a /32. */
    public static Ipv4Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        int prefix = 32;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 range like 10.231.0.0/16");
            }
            t = t.substring(0, slash);
        }
        return new Ipv4Cidr(parseAddress(t, text), prefix);
    }

    /** Parses a dotted IPv4 address into its 32 bits. */
    public static int parseAddress(String address) {
        return parseAddress(address, address);
    }

    private static int parseAddress(String address, String original) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + original + "' is not an IPv4 range like 10.231.0.0/16");
        }
        int value = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + original + "' is not an IPv4 range like 10.231.0.0/16");
            }
            if (octet < 0 || octet > 255 || p.isEmpty() || p.length() > 3) {
                throw new IllegalArgumentException("'" + original + "' is not an IPv4 range like 10.231.0.0/16");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public boolean contains(int address) {
        return (address & mask(prefix)) == network;
    }

    /** True when the two networks share at least one address. */
    public boolean overlaps(Ipv4Cidr other) {
        int shorter = Math.min(prefix, other.prefix);
        return (network & mask(shorter)) == (other.network & mask(shorter));
    }

    /** The {@code index}-th address of this network (0 is the network address itself). */
    public int address(int index) {
        return network + index;
    }

    /** The {@code index}-th subnet of length {@code subPrefix} inside this network. */
    public Ipv4Cidr subnet(int subPrefix, int index) {
        if (subPrefix < prefix) {
            throw new IllegalArgumentException("/" + subPrefix + " does not fit in " + this);
        }
        long count = 1L << (subPrefix - prefix);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("subnet " + index + " of /" + subPrefix + " is outside " + this);
        }
        return new Ipv4Cidr(network + (int) ((long) index << (32 - subPrefix)), subPrefix);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
