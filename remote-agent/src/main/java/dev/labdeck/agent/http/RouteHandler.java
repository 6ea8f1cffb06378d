package dev.labdeck.agent.http;

/** Serves one route. Throw {@link HttpStatusException} for an error the caller should see. */
@FunctionalInterface
public interface RouteHandler {
    Reply handle(Request request) throws Exception;
}
