package dev.labdeck.gui.lab;

import java.util.List;

/**
 * A service as the topology draws it inside its host: its cores, its memif role and what it waits
 * for, placed on a small grid (column, row) the way the seed's diagram places them: the memif
 * slave left of its master, each service above the one it starts after.
 *
 * @param memifRole "master", "slave", "master, slave" or "" when it is on no memif link
 * @param attachedTo the memif service it is drawn on (the seed's "to/from"), or null
 */
public record ServiceNode(String name, List<Integer> cores, String memifRole, List<String> after, String attachedTo,
                          int column, int row) {}
