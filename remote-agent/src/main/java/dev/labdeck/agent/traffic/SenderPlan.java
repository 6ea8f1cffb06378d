package dev.labdeck.agent.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * How a source spreads its flows over sending threads: each thread owns every {@code threads}-th
 * flow and is pinned to its own core of those the agent may use. There are never more threads
 * than flows (a flow's sequence numbers come from one thread) nor than cores.
 *
 * @param flowsOf the flow indexes each thread sends
 * @param cores   the core each thread is pinned to, -1 when the agent cannot tell its cores
 * @param notes   what the user should know: how {@code auto} chose, or why fewer threads than asked
 */
record SenderPlan(List<int[]> flowsOf, List<Integer> cores, List<String> notes) {

    int threads() {
        return flowsOf.size();
    }

    /**
     * @param asked   threads asked, 0 for auto (one per core the agent may use)
     * @param flows   the source's flows
     * @param allowed the cores the agent may use (its affinity), empty when unknown
     */
    static SenderPlan of(int asked, int flows, SortedSet<Integer> allowed) {
        int cores = allowed.isEmpty() ? Runtime.getRuntime().availableProcessors() : allowed.size();
        String coreWords = allowed.isEmpty() ? cores + " processors (affinity unknown, threads not pinned)"
                : cores + (cores == 1 ? " core" : " cores") + " " + ranges(allowed) + " by its affinity";
        int want = asked == 0 ? cores : asked;
        int n = Math.max(1, Math.min(want, Math.min(flows, cores)));
        List<String> notes = new ArrayList<>();
        if (asked == 0) {
            notes.add("threads: auto = " + n + ", one per core the agent may use (" + coreWords + ")"
                    + (n < cores ? ", at most one per flow (" + flows + (flows == 1 ? " flow)" : " flows)") : ""));
        } else if (n < asked) {
            notes.add("threads: " + asked + " asked, " + n + " send: " + (n == flows && flows < cores
                    ? "at most one per flow (" + flows + (flows == 1 ? " flow)" : " flows)")
                    : "one per core the agent may use (" + coreWords + ")"));
        }
        List<int[]> flowsOf = new ArrayList<>();
        List<Integer> pinned = new ArrayList<>();
        List<Integer> allowedList = new ArrayList<>(allowed);
        for (int t = 0; t < n; t++) {
            int count = (flows - t + n - 1) / n;
            int[] mine = new int[count];
            for (int k = 0; k < count; k++) mine[k] = t + k * n;
            flowsOf.add(mine);
            pinned.add(allowed.isEmpty() ? -1 : allowedList.get(t));
        }
        return new SenderPlan(List.copyOf(flowsOf), List.copyOf(pinned), List.copyOf(notes));
    }

    /** "0-3,6" for a set of cores. */
    static String ranges(SortedSet<Integer> cores) {
        StringBuilder b = new StringBuilder();
        Integer first = null;
        Integer prev = null;
        for (int c : cores) {
            if (prev != null && c == prev + 1) {
                prev = c;
                continue;
            }
            if (first != null) b.append(b.isEmpty() ? "" : ",").append(first.equals(prev) ? first : first + "-" + prev);
            first = c;
            prev = c;
        }
        if (first != null) b.append(b.isEmpty() ? "" : ",").append(first.equals(prev) ? first : first + "-" + prev);
        return b.toString();
    }
}
