package dev.labdeck.controller.transport;

import java.net.URI;

/** @param baseUri e.g. http://127.0.0.1:41234 (the local end of a tunnel); token is the bearer token */
public record AgentEndpoint(String host, URI baseUri, String token) {}
