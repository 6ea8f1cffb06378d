/**
 * The agent's HTTP layer on the JDK's built-in server: routes described once
 * ({@link dev.labdeck.agent.http.Route}) and used for routing and the OpenAPI document alike,
 * bearer-token checks, bounded bodies, JSON errors.
 */
package dev.labdeck.agent.http;
