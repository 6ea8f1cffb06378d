package dev.labdeck.agent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DpdkArgumentsTest {
    @Test
    void theAfPacketPortsInterfacesAreReadFromTheirVdevsInBothSpellings() {
        assertEquals(List.of("lbc0", "eth1"), DpdkArguments.afPacketInterfaces(List.of("dpdk-testpmd", "-l", "0,1",
                "--vdev=net_af_packet0,iface=lbc0,qpairs=1", "--vdev", "net_af_packet1,blocksz=4096,iface=eth1",
                "--vdev=net_memif0,role=client,socket=/run/x.sock", "--", "--vdev=net_af_packet2,iface=app0")));
        assertEquals(List.of(), DpdkArguments.afPacketInterfaces(List.of("dpdk-testpmd", "--vdev=net_memif0,role=server")));
    }

    @Test
    void theRunsPrefixReplacesTheProfilesInBothSpellingsAndOnlyAmongEalArguments() {
        List<String> spaced = List.of("dpdk-testpmd", "--no-huge", "--file-prefix", "lbs", "--", "-i");
        assertEquals("lbs", DpdkArguments.filePrefix(spaced));
        assertEquals(List.of("dpdk-testpmd", "--no-huge", "--file-prefix", "lbs-r1", "--", "-i"),
                DpdkArguments.withFilePrefix(spaced, DpdkArguments.runPrefix("lbs", "r1")));

        List<String> joined = List.of("dpdk-pdump", "--file-prefix=lbc", "--proc-type=secondary", "--", "--pdump", "port=1");
        assertEquals(List.of("dpdk-pdump", "--file-prefix=lbc-r1", "--proc-type=secondary", "--", "--pdump", "port=1"),
                DpdkArguments.withFilePrefix(joined, "lbc-r1"));
        assertTrue(DpdkArguments.secondary(joined));

        // after "--" the arguments are the application's: not DPDK's prefix
        List<String> app = List.of("tool", "--", "--file-prefix", "x", "--proc-type", "secondary");
        assertNull(DpdkArguments.filePrefix(app));
        assertEquals(app, DpdkArguments.withFilePrefix(app, "x-r1"));
        assertFalse(DpdkArguments.secondary(app));
    }
}
