/**
 * Services: the native processes a run starts on this host (DPDK dataplanes, load balancers, test
 * tools), each supervised from start to stop: its own process group, pinned cores, stdin held
 * open, output to a log file and the event stream, a readiness probe, and a stop that leaves no
 * process of the group behind. DPDK port counters of every DPDK process go into the samples.
 */
package dev.labdeck.agent.service;
