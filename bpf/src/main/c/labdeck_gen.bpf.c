// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * LabDeck's traffic generator program (the "xdp-live" engine).
 *
 * The agent runs it with BPF_PROG_RUN and BPF_F_TEST_XDP_LIVE_FRAMES: the kernel copies the
 * agent's frame (Ethernet, IPv4, UDP, LabDeck header; built per flow) into a page pool, runs this
 * program on every copy and transmits what it returns XDP_TX out of the interface named in the
 * run's context. The program stamps each frame with its flow's next sequence number and the send
 * time, so the sink counts loss, reordering and one-way latency exactly as for the socket engine.
 *
 * The frame layout is fixed by the agent: 14-byte Ethernet, 20-byte IPv4 without options, 8-byte
 * UDP with checksum 0 (allowed for IPv4), then the LabDeck header (big-endian): magic, flow id,
 * sequence number, send time. The IPv4 id field carries the flow's index into labdeck_gen_seq;
 * the program only reads it, so the IPv4 checksum the agent computed stays right.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define LABDECK_GEN_MAX_FLOWS 4096

struct labdeck_header {
    __be32 magic;
    __be32 flow;
    __be64 seq;
    __be64 time_ns;
} __attribute__((packed));

struct labdeck_frame {
    struct ethhdr eth;
    struct iphdr ip;
    struct udphdr udp;
    struct labdeck_header hdr;
} __attribute__((packed));

/* The next sequence number per flow index (the IPv4 id of the flow's frame). */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, LABDECK_GEN_MAX_FLOWS);
    __type(key, __u32);
    __type(value, __u64);
} labdeck_gen_seq SEC(".maps");

/* labdeck_gen_clock[0]: CLOCK_REALTIME minus CLOCK_MONOTONIC in ns, set by the agent before it sends. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __s64);
} labdeck_gen_clock SEC(".maps");

SEC("xdp")
int labdeck_gen(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct labdeck_frame *f = data;
    __u32 zero = 0;

    if ((void *)(f + 1) > data_end)
        return XDP_ABORTED;
    __u32 index = bpf_ntohs(f->ip.id);
    __u64 *seq = bpf_map_lookup_elem(&labdeck_gen_seq, &index);
    __s64 *offset = bpf_map_lookup_elem(&labdeck_gen_clock, &zero);
    if (!seq || !offset)
        return XDP_ABORTED;
    f->hdr.seq = bpf_cpu_to_be64(__sync_fetch_and_add(seq, 1));
    f->hdr.time_ns = bpf_cpu_to_be64(bpf_ktime_get_ns() + *offset);
    return XDP_TX;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
