package dev.labdeck.agent.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's route registry: core routes and every feature's routes. Paths are templates whose
 * {@code {name}} segments match any one segment.
 */
public final class Router {

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /** Adds a route; the same method and path twice is a programming error. */
    public Router add(Route route) {
        for (Route r : routes) {
            if (r.method().equals(route.method()) && sameShape(r.path(), route.path())) {
                throw new IllegalArgumentException("route registered twice: " + route.method() + " " + route.path());
            }
        }
        routes.add(route);
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The result of looking a request up. */
    public sealed interface Match {
        record Found(Route route, Map<String, String> params) implements Match {}

        /** The path exists with other methods. */
        record WrongMethod(List<String> allowed) implements Match {}

        record NotFound() implements Match {}
    }

    public Match match(String method, String path) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = bind(r.path(), path);
            if (params == null) continue;
            if (r.method().equals(method)) return new Match.Found(r, params);
            allowed.add(r.method());
        }
        if (!allowed.isEmpty()) return new Match.WrongMethod(new ArrayList<>(allowed));
        return new Match.NotFound();
    }

    /** Path parameters when {@code path} fits {@code template}, else null. */
    static Map<String, String> bind(String template, String path) {
        String[] t = segments(template);
        String[] p = segments(path);
        if (t.length != p.length) return null;
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (isParam(t[i])) {
                if (p[i].isEmpty()) return null;
                params.put(t[i].substring(1, t[i].length() - 1), p[i]);
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }

    private static boolean sameShape(String a, String b) {
        String[] x = segments(a);
        String[] y = segments(b);
        if (x.length != y.length) return false;
        for (int i = 0; i < x.length; i++) {
            if (isParam(x[i]) != isParam(y[i])) return false;
            if (!isParam(x[i]) && !x[i].equals(y[i])) return false;
        }
        return true;
    }

    private static boolean isParam(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static String[] segments(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(1).split("/", -1);
    }
}
