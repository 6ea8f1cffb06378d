/**
 * The UDP traffic source (paced flows whose payloads carry flow id, sequence number and send
 * time) and the sink that counts them per flow, with loss, reordering and duplicates.
 */
package dev.labdeck.agent.traffic;
