package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A threshold path deeper than any summary.json is an error at its place in the file, never a StackOverflowError. */
class ThresholdPathDepthTest {

    @Test
    void aHugelyDeepThresholdPathIsAnErrorWithFileLineAndColumn() {
        String deep = "traffic" + ".x".repeat(50_000);
        assertEquals(List.of("6:5: threshold 1: metric path has 50001 segments, more than the 16 any summary.json has",
                        "7:5: threshold 2: metric path has 50001 segments, more than the 16 any summary.json has"),
                ProfileProblemsTest.problems(ProfileProblemsTest.LOCAL_HOST + "thresholds:\n  - " + deep + " <= 1\n"
                        + "  - {metric: " + deep + ", op: \"<=\", value: 1}\n"));
    }

    @Test
    void pathsOfUsualDepthStillParse() {
        assertNotNull(ThresholdExpression.parse("xdp.per_flow.0.packets >= 1"));
        assertEquals(null, ThresholdExpression.pathProblem("a" + ".b".repeat(ThresholdExpression.MAX_PATH_SEGMENTS - 1)));
    }
}
