package dev.labdeck.controller.profile;

import static dev.labdeck.controller.profile.ProfileProblemsTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.labdeck.controller.sweep.SweepPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code traffic.rate_pps: [10k, 100k, 1M]} and {@code packet_size: [64, 512, 1518]}: a sweep over every combination. */
class TrafficListSweepTest {

    private static final String HOSTS = """
            name: t
            hosts:
              a: {transport: local, roles: [src, dst]}
            """;

    @Test
    void listsInTrafficAreASweepOverEveryCombination() throws Exception {
        Profile p = ProfileLoader.parse(HOSTS + """
                traffic:
                  rate_pps: [10k, 100k, 1M]
                  packet_size: [64, 512, 1518]
                """, "t.yaml");
        assertEquals(List.of(10_000, 100_000, 1_000_000), p.sweep().ratePps());
        assertEquals(List.of(64, 512, 1518), p.sweep().packetSize());
        assertEquals(10_000, p.traffic().pps(), "traffic keeps the first rate (what a single run would send)");
        assertEquals(64, p.traffic().packetSize());
        assertEquals(9, SweepPlan.steps(p.sweep().ratePps().stream().map(Integer::longValue).toList(),
                p.sweep().packetSize(), false).size(), "3 rates × 3 sizes");
        // the same as the sweep section written out, and the run's profile.yaml reads back the same
        Profile longhand = ProfileLoader.parse(HOSTS + """
                traffic: {rate_pps: 10000, packet_size: 64}
                sweep: {rate_pps: [10000, 100000, 1000000], packet_size: [64, 512, 1518]}
                """, "t.yaml");
        assertEquals(longhand.sweep(), p.sweep());
        assertEquals(p.sweep(), ProfileLoader.parse(ProfileWriter.toYaml(p), "again.yaml").sweep());
    }

    @Test
    void oneListAloneSweepsThatKeyAndSiSuffixesWorkForOneRate() throws Exception {
        Profile sizes = ProfileLoader.parse(HOSTS + "traffic: {rate_pps: 1.5M, packet_size: [64, 1518]}\n", "t.yaml");
        assertNull(sizes.sweep().ratePps());
        assertEquals(List.of(64, 1518), sizes.sweep().packetSize());
        assertEquals(1_500_000, sizes.traffic().pps());
        assertNull(ProfileLoader.parse(HOSTS + "traffic: {rate_pps: 2k}\n", "t.yaml").sweep(), "one rate: no sweep");
    }

    @Test
    void badItemsArePointedAtByLineAndColumn() {
        assertEquals(List.of(
                "5:19: traffic.rate_pps must be above zero packets per second, got 0",
                "5:22: expected a whole number for an item of traffic.rate_pps (10000, 10k, 1.5M, 1G), got the text \"fast\"",
                "5:28: expected a whole number for an item of traffic.rate_pps, got the number 2.5",
                "5:33: traffic.rate_pps must be at most 1000000000 packets per second, got 2000000000",
                "8:6: empty item in traffic.packet_size",
                "9:7: traffic.packet_size must be 24 to 65507 bytes, got 10"), problems(HOSTS + """
                traffic:
                  rate_pps: [10k, 0, fast, 2.5, 2G]
                  packet_size:
                    - 64
                    -
                    - 10
                """));
    }

    @Test
    void aValueTwiceAnEmptyListAndTwoPlacesForTheRatesAreProblems() {
        assertEquals(List.of("5:19: traffic.rate_pps lists 10000 twice"), problems(HOSTS + """
                traffic:
                  rate_pps: [10k, 10000]
                """));
        assertEquals(List.of("5:16: traffic.packet_size is an empty list: give one value, or several to measure each"),
                problems(HOSTS + """
                traffic:
                  packet_size: []
                """));
        assertEquals(List.of("5:13: traffic lists values to sweep over and the profile has a sweep section too:"
                + " give the rates and sizes in one place"), problems(HOSTS + """
                traffic:
                  rate_pps: [1k, 2k]
                sweep: {packet_size: [64, 512]}
                """));
        assertEquals(List.of("5:13: a search finds the rate itself: give traffic one rate_pps, and the sizes to search"
                + " as search.packet_size"), problems(HOSTS + """
                traffic:
                  rate_pps: [1k, 2k]
                search: {max_pps: 10k}
                """));
    }
}
