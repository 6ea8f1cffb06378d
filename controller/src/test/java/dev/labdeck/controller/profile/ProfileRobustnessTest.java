package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the text, the loader answers with a profile or with problems, never another exception:
 * hundreds of damaged copies of real profiles (characters dropped, doubled, swapped, lines
 * shuffled), from a fixed seed so a failure can be replayed.
 */
class ProfileRobustnessTest {

    @Test
    void damagedProfilesGiveProblemsNeverExceptions() {
        Random random = new Random(20261122);
        String specials = ":-[]{}#&*!|>'\"%@`,?\t\n 0123456789.xyz";
        for (String original : List.of(ProfileLoaderTest.MEMIF, ProfileLoaderTest.SEED, ProfileProblemsTest.SERVICES)) {
            for (int i = 0; i < 300; i++) {
                StringBuilder s = new StringBuilder(original);
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits && !s.isEmpty(); e++) {
                    int at = random.nextInt(s.length());
                    switch (random.nextInt(4)) {
                        case 0 -> s.deleteCharAt(at);
                        case 1 -> s.insert(at, specials.charAt(random.nextInt(specials.length())));
                        case 2 -> s.insert(at, s.charAt(at));
                        default -> {
                            String[] lines = s.toString().split("\n", -1);
                            int a = random.nextInt(lines.length);
                            int b = random.nextInt(lines.length);
                            String t = lines[a];
                            lines[a] = lines[b];
                            lines[b] = t;
                            s = new StringBuilder(String.join("\n", lines));
                        }
                    }
                }
                String text = s.toString();
                try {
                    ProfileLoader.parse(text, "damaged.yaml");
                } catch (ProfileException e) {
                    assertFalse(e.problems().isEmpty());
                } catch (RuntimeException e) {
                    throw new AssertionError("exception instead of problems for:\n" + text, e);
                }
            }
        }
    }
}
