package dev.labdeck.controller.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A reference run A and one run B compared: the settings that differ and every figure of either.
 * Settings that only name the run (its name, description, results directory) are left out.
 */
public record RunComparison(ComparedRun a, ComparedRun b, List<SettingChange> settings, List<FigureChange> figures) {

    private static final Set<String> NAMING = Set.of("name", "description", "results.directory");

    public static RunComparison of(ComparedRun a, ComparedRun b) {
        List<SettingChange> settings = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(a.settings().keySet());
        keys.addAll(b.settings().keySet());
        for (String k : keys) {
            String x = a.settings().get(k);
            String y = b.settings().get(k);
            if (!Objects.equals(x, y) && !NAMING.contains(k) && !k.startsWith("gui.")) {
                settings.add(new SettingChange(k, x, y));
            }
        }
        List<FigureChange> figures = new ArrayList<>();
        Set<String> paths = new LinkedHashSet<>(a.figures().keySet());
        paths.addAll(b.figures().keySet());
        for (String p : paths) {
            figures.add(FigureChange.of(p, a.figures().get(p), b.figures().get(p)));
        }
        return new RunComparison(a, b, List.copyOf(settings), List.copyOf(figures));
    }

    public FigureChange figure(String path) {
        return figures.stream().filter(f -> f.path().equals(path)).findFirst()
                .orElse(FigureChange.of(path, null, null));
    }
}
