package dev.labdeck.controller.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void clearsHostBitsAndPrintsTheNetwork() {
        assertEquals("10.231.0.0/16", Ipv4Cidr.parse("10.231.7.9/16").toString());
        assertEquals("192.168.1.100/32", Ipv4Cidr.parse("192.168.1.100").toString());
    }

    @Test
    void overlapIsFoundEitherWay() {
        Ipv4Cidr lab = Ipv4Cidr.parse("10.231.0.0/16");
        assertTrue(lab.overlaps(Ipv4Cidr.parse("10.231.200.1/24")));
        assertTrue(Ipv4Cidr.parse("10.0.0.0/8").overlaps(lab));
        assertFalse(lab.overlaps(Ipv4Cidr.parse("10.232.0.0/16")));
        assertFalse(lab.overlaps(Ipv4Cidr.parse("192.0.2.2/24")));
    }

    @Test
    void subnetsSplitTheRangeInOrder() {
        Ipv4Cidr pool = Ipv4Cidr.parse("10.232.0.0/16");
        assertEquals("10.232.0.0/23", pool.subnet(23, 0).toString());
        assertEquals("10.232.254.0/23", pool.subnet(23, 127).toString());
        assertThrows(IllegalArgumentException.class, () -> pool.subnet(23, 128));
    }

    @Test
    void rejectsWhatIsNotAnIpv4Range() {
        for (String bad : new String[] {"10.231.0/16", "10.231.0.256/16", "10.231.0.0/33", "fd00::/64", "lab", "10.231.0.0/x"}) {
            assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse(bad), bad);
        }
    }
}
