package dev.labdeck.controller.profile;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** "did you mean X?" for a mistyped key or name: the closest known word within a small edit distance. */
final class KeySuggestion {

    private KeySuggestion() {}

    /** The best candidate for {@code typed}, or null when none is close enough to be a likely typo. */
    /** Words people bring from the seed's config.yaml or other tools, and LabDeck's word for them. */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("ip", "address"),
            Map.entry("host", "address"),
            Map.entry("hostname", "address"),
            Map.entry("packet_rate", "rate_pps"),
            Map.entry("pps", "rate_pps"),
            Map.entry("traffic_ports", "ports"),
            Map.entry("sample_rate", "sample_interval"),
            Map.entry("format", "formats"),
            Map.entry("username", "user"),
            Map.entry("ssh_port", "port"),
            Map.entry("identity_file", "key"),
            Map.entry("depends_on", "after"),
            Map.entry("cmd", "command"),
            Map.entry("args", "command"),
            Map.entry("cwd", "workdir"),
            Map.entry("environment", "env"),
            Map.entry("iface", "interface"),
            Map.entry("size", "packet_size"));

    static String closest(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT).replace('-', '_');
        String synonym = SYNONYMS.get(t);
        if (synonym != null && candidates.contains(synonym)) {
            return synonym;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String affix = null;
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            int d = distance(t, lc);
            int allowed = Math.max(1, Math.min(3, lc.length() / 3));
            if (d <= allowed && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
            if (affix == null && t.length() >= 3 && (lc.startsWith(t) || t.startsWith(lc) || lc.contains(t))) {
                affix = c;
            }
        }
        return best != null ? best : affix;
    }

    /** " (did you mean 'x'?)" or "" — ready to append to a message. */
    static String hint(String typed, Collection<String> candidates) {
        String c = closest(typed, candidates);
        return c == null ? "" : " (did you mean '" + c + "'?)";
    }

    /** Damerau-Levenshtein (optimal string alignment): a swapped pair of letters counts as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
