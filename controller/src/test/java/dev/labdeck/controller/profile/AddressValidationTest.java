package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Addresses and prefixes that are not IP: validate says so at their line, as the app does. */
class AddressValidationTest {
    static String profile(String linkAddress, String destination) {
        return """
                name: addresses
                hosts:
                  src: {address: 10.0.0.1, transport: ssh, roles: [src]}
                  dst: {address: 10.0.0.2, transport: ssh, roles: [dst]}
                links:
                  - name: data
                    kind: ethernet
                    a: src:eth0/%s
                    b: dst:eth0/192.168.50.2/24
                traffic:
                  source: src
                  sink: dst
                  destination: %s
                  flows: 1
                  ports: [12345]
                  rate_pps: 1000
                  packet_size: 64
                  duration: 2s
                """.formatted(linkAddress, destination);
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.2.3", "10.0.0.1/99", "300.1.1.1/24", "10.0.0/24", "fe80::zz/64"})
    void aBadLinkAddressIsAProblemAtItsLine(String bad) {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.parse(profile(bad, "192.168.50.2"), "p.yaml"));
        ProfileProblem p = e.problems().getFirst();
        assertEquals(8, p.line(), p.toString());
        assertTrue(p.message().contains("'" + bad + "'"), p.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.2.3", "10.0.0.1/24"})
    void aBadDestinationIsAProblem(String bad) {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.parse(profile("192.168.50.1/24", bad), "p.yaml"));
        assertTrue(e.problems().stream().anyMatch(p -> p.line() == 13 && p.message().contains(bad)), e.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.50.1/24", "192.168.50.1", "fd00::1/64", "0.0.0.0/0"})
    void goodAddressesPass(String good) throws Exception {
        assertEquals(List.of(), ProfileValidator.validate(ProfileLoader.parse(profile(good, "192.168.50.2"), "p.yaml")));
    }
}
