package dev.labdeck.controller.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The order START SERVICES starts a profile's services in, across all hosts: every service after
 * the services it names in {@code after}; among services that could start next, the one written
 * first in the profile (hosts in order, then services in order). TEARDOWN stops them in
 * {@link #reversed()} order.
 *
 * @param steps every service of the profile exactly once, in start order
 */
public record ServiceOrder(List<Step> steps) {

    /** One service and the host it runs on. */
    public record Step(HostSpec host, ServiceSpec service) {
        @Override
        public String toString() {
            return host.name() + "/" + service.name();
        }
    }

    public ServiceOrder {
        steps = List.copyOf(steps);
    }

    /**
     * The start order of {@code profile}'s services.
     *
     * @throws IllegalArgumentException when {@code after} names an unknown service, a name is used
     *         twice, or the services depend on each other in a cycle; {@link ProfileValidator} reports
     *         these with positions, so a profile from {@link ProfileLoader} never throws here
     */
    public static ServiceOrder of(Profile profile) {
        Map<String, Step> byName = new LinkedHashMap<>();
        for (HostSpec h : profile.hosts()) {
            for (ServiceSpec s : h.services()) {
                if (byName.putIfAbsent(s.name(), new Step(h, s)) != null) {
                    throw new IllegalArgumentException("service name '" + s.name() + "' is used twice");
                }
            }
        }
        for (Step st : byName.values()) {
            for (String dep : st.service().startsAfter()) {
                if (!byName.containsKey(dep)) {
                    throw new IllegalArgumentException("service '" + st.service().name() + "' on host '"
                            + st.host().name() + "' starts after unknown service '" + dep + "'");
                }
            }
        }
        Optional<List<String>> cycle = findCycle(dependencies(profile));
        if (cycle.isPresent()) {
            throw new IllegalArgumentException("services depend on each other in a cycle: " + describe(cycle.get()));
        }
        List<Step> order = new ArrayList<>();
        Set<String> started = new HashSet<>();
        List<Step> waiting = new ArrayList<>(byName.values());
        while (!waiting.isEmpty()) {
            for (int i = 0; i < waiting.size(); i++) {
                Step st = waiting.get(i);
                if (started.containsAll(st.service().startsAfter())) {
                    order.add(st);
                    started.add(st.service().name());
                    waiting.remove(i);
                    break; // restart from the first waiting service: ties go to profile order
                }
            }
        }
        return new ServiceOrder(order);
    }

    /** The teardown order: the start order reversed. */
    public List<Step> reversed() {
        return steps.reversed();
    }

    public List<String> names() {
        return steps.stream().map(s -> s.service().name()).toList();
    }

    /** Service name → names it starts after, in profile order (services on all hosts). */
    static Map<String, List<String>> dependencies(Profile profile) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (HostSpec h : profile.hosts()) {
            for (ServiceSpec s : h.services()) {
                deps.putIfAbsent(s.name(), s.startsAfter());
            }
        }
        return deps;
    }

    /**
     * The first dependency cycle found (in profile order), as the names along it with the first
     * repeated at the end ({@code a, b, a}); unknown names are ignored here.
     */
    static Optional<List<String>> findCycle(Map<String, List<String>> deps) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String start : deps.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(start, deps, state, path);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private static List<String> visit(String name, Map<String, List<String>> deps, Map<String, Integer> state,
                                      List<String> path) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            return cycle;
        }
        state.put(name, 1);
        path.add(name);
        for (String dep : deps.getOrDefault(name, List.of())) {
            if (deps.containsKey(dep)) {
                List<String> found = visit(dep, deps, state, path);
                if (found != null) {
                    return found;
                }
            }
        }
        path.removeLast();
        state.put(name, 2);
        return null;
    }

    /** {@code a → b → a}, read as "a starts after b, which starts after a". */
    static String describe(List<String> cycle) {
        return String.join(" → ", cycle);
    }
}
