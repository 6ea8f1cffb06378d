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
 * sequence number, send time. The IPv4 id field carries the flow's index into labdeck_gen_seq.
 *
 * Frames whose length changes from copy to copy (IMIX): the agent builds the flow's frame at its
 * largest length and labdeck_gen_size gives the flow's cycle of frame lengths (Ethernet, no FCS),
 * used in turn by sequence number. The program then writes the IPv4 and UDP lengths and the IPv4
 * checksum and trims the tail with bpf_xdp_adjust_tail. It recomputes them on every copy (not
 * incrementally), because a recycled live-frame page keeps what the program wrote into it last
 * time. A flow without a cycle (fixed size) is sent as the agent built it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define LABDECK_GEN_MAX_FLOWS 4096
#define LABDECK_GEN_MAX_CYCLE 16

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

/* A flow's frame lengths (Ethernet, no FCS), used in turn by sequence number; cycle 0 = send as built. */
struct labdeck_gen_size {
    __u32 cycle;
    __u16 frame_len[LABDECK_GEN_MAX_CYCLE];
} __attribute__((packed));

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, LABDECK_GEN_MAX_FLOWS);
    __type(key, __u32);
    __type(value, struct labdeck_gen_size);
} labdeck_gen_size SEC(".maps");

static __always_inline __u16 ipv4_checksum(void *ip)
{
    __u16 *word = (__u16 *)ip;
    __u32 sum = 0;
#pragma unroll
    for (int i = 0; i < 10; i++)
        sum += word[i];
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return (__u16)~sum;
}

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
    __u64 n = __sync_fetch_and_add(seq, 1);
    f->hdr.seq = bpf_cpu_to_be64(n);
    f->hdr.time_ns = bpf_cpu_to_be64(bpf_ktime_get_ns() + *offset);

    struct labdeck_gen_size *size = bpf_map_lookup_elem(&labdeck_gen_size, &index);
    if (!size || size->cycle == 0)
        return XDP_TX;
    if (size->cycle > LABDECK_GEN_MAX_CYCLE)
        return XDP_ABORTED;
    __u32 k = n % size->cycle;
    if (k >= LABDECK_GEN_MAX_CYCLE)
        return XDP_ABORTED;
    __u32 len = size->frame_len[k];
    __u32 have = data_end - data;
    if (len < sizeof(*f) || len > have)
        return XDP_ABORTED;
    f->ip.tot_len = bpf_htons(len - sizeof(struct ethhdr));
    f->udp.len = bpf_htons(len - sizeof(struct ethhdr) - sizeof(struct iphdr));
    f->ip.check = 0;
    f->ip.check = ipv4_checksum(data + sizeof(struct ethhdr));
    if (len < have && bpf_xdp_adjust_tail(ctx, (int)len - (int)have))
        return XDP_ABORTED;
    return XDP_TX;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
