package dev.labdeck.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final RouteHandler NOTHING = r -> Reply.noContent();

    @Test
    void matchesTemplatesAndNamesTheirParameters() {
        Router router = new Router()
                .add(Route.get("/v1/services").handle(NOTHING))
                .add(Route.get("/v1/services/{name}").handle(NOTHING))
                .add(Route.delete("/v1/services/{name}").handle(NOTHING));
        var m = assertInstanceOf(Router.Match.Found.class, router.match("GET", "/v1/services/lb_s"));
        assertEquals(Map.of("name", "lb_s"), m.params());
        assertEquals("/v1/services/{name}", m.route().path());
        assertInstanceOf(Router.Match.Found.class, router.match("GET", "/v1/services/"), "a trailing slash is the same path");
        var wrong = assertInstanceOf(Router.Match.WrongMethod.class, router.match("POST", "/v1/services/lb_s"));
        assertEquals(List.of("DELETE", "GET"), wrong.allowed());
        assertInstanceOf(Router.Match.NotFound.class, router.match("GET", "/v1/services/a/b"));
        assertInstanceOf(Router.Match.NotFound.class, router.match("GET", "/v2/services"));
    }

    @Test
    void aRouteCannotBeRegisteredTwice() {
        Router router = new Router().add(Route.get("/v1/x/{id}").handle(NOTHING));
        assertThrows(IllegalArgumentException.class, () -> router.add(Route.get("/v1/x/{other}").handle(NOTHING)));
        router.add(Route.post("/v1/x/{id}").handle(NOTHING));
    }

    @Test
    void bindRejectsEmptyParameterSegments() {
        assertNull(Router.bind("/v1/x/{id}/counters", "/v1/x//counters"));
        assertEquals(Map.of("id", "a1"), Router.bind("/v1/x/{id}/counters", "/v1/x/a1/counters"));
    }

    @Test
    void bearerTokenAcceptsOnlyTheExactToken() {
        BearerToken t = new BearerToken("s3cret");
        assertTrue(t.accepts("Bearer s3cret"));
        assertTrue(t.accepts("bearer s3cret"));
        assertFalse(t.accepts("Bearer s3cre"));
        assertFalse(t.accepts("Bearer s3cretx"));
        assertFalse(t.accepts("Basic s3cret"));
        assertFalse(t.accepts(null));
        assertFalse(t.accepts("Bearer "));
    }
}
