package dev.labdeck.agent.http;

/** Serves one route. Throw a {@link dev.labdeck.agent.refusal.FeatureException} (or, for HTTP-level problems, {@link HttpStatusException}) for an error the caller should see. */
@FunctionalInterface
public interface RouteHandler {
    Reply handle(Request request) throws Exception;
}
