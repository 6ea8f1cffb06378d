package dev.labdeck.gui.results;

import java.nio.file.Path;
import java.util.List;

/** The runs kept on disk, as the controller's run history reads them. */
public interface RunArchive {
    /** Runs under {@code runsDirectory}, newest first. */
    List<RunRecord> list(Path runsDirectory) throws Exception;

    RunDetails load(RunRecord run) throws Exception;

    /** The settings (profile, hosts' kernels and agents) in which run {@code b} differs from run {@code a}. */
    default List<SettingDifference> settingDifferences(RunRecord a, RunRecord b) throws Exception {
        return List.of();
    }
}
