package dev.labdeck.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The shared-per-class fixture, run on sample test classes through JUnit's own engine. */
class ClassFixtureTest {
    /** What the samples start: counts its starts and closes. */
    static final class Server implements AutoCloseable {
        static final List<String> LOG = new ArrayList<>();
        static final List<Server> SEEN = new ArrayList<>();

        static Server start() {
            LOG.add("start");
            return new Server();
        }

        @Override
        public void close() {
            LOG.add("close");
        }
    }

    /** Keeps the samples (one fails on purpose) out of a run that selects this package: they run only from the tests below. */
    static final class OnlyAsSample implements ExecutionCondition {
        static final String KEY = "labdeck.testkit.sample";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KEY).isPresent() ? ConditionEvaluationResult.enabled("run as a sample")
                    : ConditionEvaluationResult.disabled("a sample for ClassFixtureTest");
        }
    }

    @ExtendWith(OnlyAsSample.class)
    static class TwoTestsOneFailing {
        @RegisterExtension
        static final ClassFixture<Server> server = ClassFixture.of(Server::start);

        @Test
        void first() {
            Server.SEEN.add(server.get());
        }

        @Test
        void second() {
            Server.SEEN.add(server.get());
            throw new AssertionError("this test fails");
        }

        @Nested
        class Inner {
            @Test
            void third() {
                Server.SEEN.add(server.get());
            }
        }
    }

    @ExtendWith(OnlyAsSample.class)
    static class MissingPrerequisite {
        @RegisterExtension
        static final ClassFixture<Server> server = ClassFixture.of(() -> {
            // as Prerequisites skips when LABDECK_E2E is not required
            Assumptions.assumeTrue(false, "no such program");
            return Server.start();
        });

        @Test
        void never() {
            Server.SEEN.add(server.get());
        }
    }

    @Test
    void startsOnceForTheClassAndClosesAfterTheLastTestEvenWhenOneFailed() {
        Server.LOG.clear();
        Server.SEEN.clear();
        var tests = sample(TwoTestsOneFailing.class).testEvents();
        tests.assertStatistics(s -> s.started(3).succeeded(2).failed(1));
        assertEquals(List.of("start", "close"), Server.LOG, "one start, one close, the close after the nested class's test too");
        assertEquals(3, Server.SEEN.size());
        assertSame(Server.SEEN.get(0), Server.SEEN.get(1), "the tests share one server");
        assertSame(Server.SEEN.get(0), Server.SEEN.get(2), "the nested class's test shares it too");
    }

    @Test
    void aMissingPrerequisiteSkipsTheClass() {
        Server.LOG.clear();
        Server.SEEN.clear();
        var events = sample(MissingPrerequisite.class);
        events.containerEvents().assertStatistics(s -> s.aborted(1).failed(0));
        events.testEvents().assertStatistics(s -> s.started(0));
        assertEquals(List.of(), Server.LOG, "nothing started, nothing to close");
    }

    private static EngineExecutionResults sample(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(OnlyAsSample.KEY, "true").selectors(selectClass(testClass))
                .execute();
    }

    @Test
    void outsideTheClassNothingIsStarted() {
        ClassFixture<Server> unused = ClassFixture.of(Server::start);
        assertThrows(IllegalStateException.class, unused::get);
    }
}
