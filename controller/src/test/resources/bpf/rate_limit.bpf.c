// SPDX-License-Identifier: GPL-2.0
// A device with a throughput limit, for the throughput search's lab test: passes at most
// LIMIT_PPS packets per second (a token bucket holding BURST packets) and drops the rest.
// Built by the test with clang -DLIMIT_PPS=... -DBURST=...; attached to dst's data0.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifndef LIMIT_PPS
#define LIMIT_PPS 20000
#endif
#ifndef BURST
#define BURST 400
#endif
#define NS 1000000000ULL

struct bucket {
    struct bpf_spin_lock lock;
    __u64 last_ns;
    __u64 tokens; /* packets x 1e9, so sub-packet refills add up */
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct bucket);
} limiter SEC(".maps");

SEC("xdp")
int rate_limit(struct xdp_md *ctx)
{
    __u32 zero = 0;
    struct bucket *b = bpf_map_lookup_elem(&limiter, &zero);
    if (!b)
        return XDP_PASS;
    __u64 now = bpf_ktime_get_ns();
    int pass = 0;
    bpf_spin_lock(&b->lock);
    if (b->last_ns == 0) {
        b->last_ns = now;
        b->tokens = BURST * NS;
    }
    __u64 elapsed = now - b->last_ns;
    b->last_ns = now;
    /* cap elapsed first: a long idle time refills the bucket anyway, and the product stays small */
    if (elapsed > NS)
        elapsed = NS;
    b->tokens += elapsed * LIMIT_PPS;
    if (b->tokens > BURST * NS)
        b->tokens = BURST * NS;
    if (b->tokens >= NS) {
        b->tokens -= NS;
        pass = 1;
    }
    bpf_spin_unlock(&b->lock);
    return pass ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
