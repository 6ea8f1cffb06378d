/**
 * HTTP load built into the agent: keep-alive HTTP/1.1 connections in a closed loop (Apache
 * HttpClient 5, a pool of exactly the connections asked for), latency in an HdrHistogram, figures
 * live in the samples and final in the status the controller puts into summary.json.
 */
package dev.labdeck.agent.httpload;
