package dev.labdeck.controller.lab;

/**
 * A veth from {@code src} or {@code dst} to the {@code memif} host, where a DPDK load balancer
 * takes the memif host's end with an {@code net_af_packet} port: the seed's client side
 * ({@code src lb0} to {@code memif lbc0}, lb_c's) and server side ({@code dst lb0} to
 * {@code memif lbs0}, lb_s's). Only the outer ends have addresses, on one small subnet of the data
 * range, with permanent neighbour entries for each other: so packets from src to dst's {@code lb0}
 * address cross lb_c, the memif link and lb_s, and nothing else (no ARP, no IPv6) does.
 *
 * @param side   {@code client} or {@code server}
 * @param subnet the subnet of both outer ends, e.g. 10.231.1.128/25
 * @param host   the outer end, in src or dst, with its address and MAC
 * @param memif  the load balancer's end in the memif host (no address)
 */
public record LabLoadBalancerLink(String side, String subnet, LabDataLink.End host, LabDataLink.End memif) {
    public static final String HOST_INTERFACE = "lb0";
}
