package dev.labdeck.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Something real that a test class's tests share — an sshd, a lab — started before the first test
 * and closed after the last, whether the tests passed or not:
 * <pre>{@code
 * @RegisterExtension
 * static final ClassFixture<TestSshd> sshd = ClassFixture.of(TestSshd::start);
 * ... sshd.get().port ...
 * }</pre>
 * A start that throws ends the class as a throwing {@code @BeforeAll} would: a
 * {@link Prerequisites} skip skips it, anything else fails it. Register it on a static field; for
 * {@code @Nested} classes it stays the outer class's one instance.
 *
 * @param <T> what is started; closed after the class's last test
 */
public final class ClassFixture<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {

    /** Starts the shared thing; may skip through {@link Prerequisites}. */
    @FunctionalInterface
    public interface Start<T> {
        T start() throws Exception;
    }

    private final Start<T> start;
    private T value;
    /** The class whose beforeAll started it, so a nested class's afterAll does not close it. */
    private String owner;

    private ClassFixture(Start<T> start) {
        this.start = start;
    }

    public static <T extends AutoCloseable> ClassFixture<T> of(Start<T> start) {
        return new ClassFixture<>(start);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (value != null) return;
        value = start.start();
        owner = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (value == null || !context.getUniqueId().equals(owner)) return;
        T started = value;
        value = null;
        owner = null;
        started.close();
    }

    /** What was started; throws outside the class's tests. */
    public T get() {
        if (value == null) {
            throw new IllegalStateException("nothing started: register the ClassFixture with @RegisterExtension on a static field,"
                    + " and use it from the class's tests");
        }
        return value;
    }
}
