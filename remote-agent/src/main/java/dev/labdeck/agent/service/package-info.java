/**
 * Services: the native processes a run starts on this host (DPDK dataplanes, load balancers, test
 * tools), each supervised from start to stop: its own process group, pinned cores, stdin held
 * open, output to a log file and the event stream, a readiness probe, and a stop that leaves no
 * process of the group behind. DPDK port counters of the run's own DPDK services go into the samples;
 * each run gives its DPDK processes file prefixes of their own (see DpdkArguments).
 */
package dev.labdeck.agent.service;
