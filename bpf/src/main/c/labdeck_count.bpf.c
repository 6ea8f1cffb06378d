// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * LabDeck's builtin XDP program ("builtin:count").
 *
 * Counts IPv4/UDP datagrams per UDP destination port (one LabDeck flow per port) and every
 * verdict per XDP action, then applies the action chosen at attach time through the
 * labdeck_config map: pass, drop, or tx (reflect the packet back with MACs, IPs and ports
 * swapped). ARP and anything that is not IPv4/UDP is always passed and only counted as "pass",
 * so a "drop" program never cuts the host off its neighbours.
 *
 * Kept small and verifier-friendly: every header access is bounds-checked against data_end,
 * IPv4 options are honoured through ihl, and there are no loops.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Actions the user can choose; the agent writes one of these into labdeck_config[0]. */
#define LABDECK_ACTION_PASS 0
#define LABDECK_ACTION_DROP 1
#define LABDECK_ACTION_TX 2

/* The fragment offset bits of iphdr.frag_off (the rest are the DF/MF flags). */
#define IP_OFFSET_MASK 0x1FFF

struct flow_counters {
    __u64 packets;
    __u64 bytes;
};

/* labdeck_config[0]: the action for IPv4/UDP packets (LABDECK_ACTION_*). */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u32);
} labdeck_config SEC(".maps");

/* Per-flow counters keyed by UDP destination port (host byte order); per-CPU, so no atomics. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 4096);
    __type(key, __u32);
    __type(value, struct flow_counters);
} labdeck_flows SEC(".maps");

/* Packets per XDP verdict, indexed by the verdict's value (XDP_ABORTED=0 ... XDP_REDIRECT=4). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 5);
    __type(key, __u32);
    __type(value, __u64);
} labdeck_actions SEC(".maps");

static __always_inline int verdict(__u32 action)
{
    __u64 *count = bpf_map_lookup_elem(&labdeck_actions, &action);
    if (count)
        *count += 1;
    return action;
}

/* Swaps source and destination of Ethernet, IPv4 and UDP; checksums are unchanged by a swap. */
static __always_inline void reflect(struct ethhdr *eth, struct iphdr *ip, struct udphdr *udp)
{
    unsigned char mac[ETH_ALEN];
    __builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
    __builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
    __builtin_memcpy(eth->h_source, mac, ETH_ALEN);

    __be32 addr = ip->daddr;
    ip->daddr = ip->saddr;
    ip->saddr = addr;

    __be16 port = udp->dest;
    udp->dest = udp->source;
    udp->source = port;
}

SEC("xdp")
int labdeck_count(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;

    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end)
        return verdict(XDP_PASS);
    if (eth->h_proto != bpf_htons(ETH_P_IP))
        return verdict(XDP_PASS); /* ARP, IPv6, VLANs ...: not ours to touch */

    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end || ip->ihl < 5)
        return verdict(XDP_PASS);
    if (ip->protocol != IPPROTO_UDP)
        return verdict(XDP_PASS);
    /* A later fragment of a large datagram carries no UDP header: pass it untouched, so each
     * datagram is counted once, by its first fragment, and the kernel can still reassemble it. */
    if (ip->frag_off & bpf_htons(IP_OFFSET_MASK))
        return verdict(XDP_PASS);

    struct udphdr *udp = (void *)ip + ip->ihl * 4;
    if ((void *)(udp + 1) > data_end)
        return verdict(XDP_PASS);

    __u32 port = bpf_ntohs(udp->dest);
    __u64 len = (__u64)(data_end - data);
    struct flow_counters *flow = bpf_map_lookup_elem(&labdeck_flows, &port);
    if (flow) {
        flow->packets += 1;
        flow->bytes += len;
    } else {
        struct flow_counters first = { .packets = 1, .bytes = len };
        bpf_map_update_elem(&labdeck_flows, &port, &first, BPF_NOEXIST);
    }

    __u32 zero = 0;
    __u32 *action = bpf_map_lookup_elem(&labdeck_config, &zero);
    __u32 chosen = action ? *action : LABDECK_ACTION_PASS;
    if (chosen == LABDECK_ACTION_DROP)
        return verdict(XDP_DROP);
    if (chosen == LABDECK_ACTION_TX) {
        reflect(eth, ip, udp);
        return verdict(XDP_TX);
    }
    return verdict(XDP_PASS);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
