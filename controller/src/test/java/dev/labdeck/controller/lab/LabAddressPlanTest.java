package dev.labdeck.controller.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabAddressPlanTest {

    @Test
    void defaultRangeGivesManagementAndDataSubnets() {
        LabAddressPlan p = LabAddressPlan.of(LabInABox.DEFAULT_RANGE);
        assertEquals("10.231.0.0/24", p.management().toString());
        assertEquals("10.231.1.0/24", p.data().toString());
        assertEquals("10.231.0.1", p.controllerAddress());
        assertEquals("10.231.0.2", p.hostAddress(0));
        assertEquals("10.231.0.4", p.hostAddress(2));
        assertEquals("10.231.1.1", p.srcDataAddress());
        assertEquals("10.231.1.2", p.dstDataAddress());
        assertFalse(p.management().overlaps(p.data()));
        // the load balancers' path: the upper half of the data /24, outside the data link's two addresses
        assertEquals("10.231.1.128/25", p.loadBalancerSubnet().toString());
        assertEquals("10.231.1.129", p.srcLoadBalancerAddress());
        assertEquals("10.231.1.130", p.dstLoadBalancerAddress());
        assertFalse(p.loadBalancerSubnet().contains(Ipv4Cidr.parseAddress(p.dstDataAddress())));
    }

    @Test
    void aUserRangeMovesEveryAddress() {
        LabAddressPlan p = LabAddressPlan.of("172.30.8.0/23");
        assertEquals("172.30.8.1", p.controllerAddress());
        assertEquals("172.30.9.2", p.dstDataAddress());
        assertTrue(p.range().contains(Ipv4Cidr.parseAddress(p.dstDataAddress())));
    }

    @Test
    void tooSmallOrTooLargeRangesAreRefusedWithTheReason() {
        var small = assertThrows(IllegalArgumentException.class, () -> LabAddressPlan.of("10.231.0.0/24"));
        assertTrue(small.getMessage().contains("/23 or larger"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LabAddressPlan.of("10.0.0.0/7"));
    }
}
