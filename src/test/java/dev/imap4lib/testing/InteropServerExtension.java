package dev.imap4lib.testing;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * {@link DovecotExtension}'s pattern for another server type {@code S}: one instance shared by
 * the whole test run (started lazily, closed by the root store at the end), injected as a
 * parameter. If it cannot start, each test using it <b>fails</b> when the environment variable
 * {@code CI} equals {@code true} and is <b>skipped</b> with a one-line reason otherwise. The
 * decision is made before each test (or before the class, if a constructor or a
 * {@code @BeforeAll}/{@code @AfterAll} method takes the server), never in parameter resolution.
 */
public abstract class InteropServerExtension<S extends AutoCloseable>
        implements BeforeAllCallback, BeforeEachCallback, TestInstancePreConstructCallback, ParameterResolver {

    /** The server type injected. */
    protected abstract Class<S> serverType();

    /** Display name, e.g. {@code Cyrus}. */
    protected abstract String serverName();

    /** Why it cannot start here, without trying; empty if it may. */
    protected abstract Optional<String> unavailableReason();

    protected abstract S startServer() throws IOException;

    /** How to make it available (for the skip message). */
    protected abstract String hint();

    /** The shared server, started if needed; throws the fail/skip exception if unavailable. */
    public S server(ExtensionContext context) {
        Shared<S> s = shared(context);
        if (s.server == null) {
            Throwable t = unavailable(serverName(), s.reason, s.cause, System.getenv(DovecotExtension.CI_ENV), hint());
            if (t instanceof Error err) {
                throw err;
            }
            throw (RuntimeException) t;
        }
        return s.server;
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        for (Constructor<?> c : factoryContext.getTestClass().getDeclaredConstructors()) {
            if (takesServer(c)) {
                server(context);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        for (Class<?> c = context.getRequiredTestClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if ((m.isAnnotationPresent(BeforeAll.class) || m.isAnnotationPresent(AfterAll.class)) && takesServer(m)) {
                    server(context);
                    return;
                }
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context);
    }

    private boolean takesServer(Executable e) {
        for (Class<?> t : e.getParameterTypes()) {
            if (t == serverType()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == serverType();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Shared<S> s = shared(extensionContext);
        if (s.server == null) {
            throw new ParameterResolutionException(DovecotExtension.oneLine(s.reason), s.cause);
        }
        return s.server;
    }

    @SuppressWarnings("unchecked")
    private Shared<S> shared(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(getClass()));
        return store.getOrComputeIfAbsent(Shared.class, k -> start(), Shared.class);
    }

    private Shared<S> start() {
        Optional<String> missing = unavailableReason();
        if (missing.isPresent()) {
            return new Shared<>(null, missing.get(), null);
        }
        try {
            return new Shared<>(startServer(), null, null);
        } catch (IOException | RuntimeException e) {
            return new Shared<>(null, serverName() + " could not start: " + DovecotExtension.oneLine(e.getMessage()), e);
        }
    }

    /** The fail ({@code ci} = "true") or skip exception, with a one-line message. */
    static Throwable unavailable(String name, String reason, Throwable cause, String ci, String hint) {
        String line = DovecotExtension.oneLine(reason);
        if ("true".equals(ci)) {
            return new AssertionFailedError(name + " test server unavailable and CI=true: " + line, cause);
        }
        return new TestAbortedException(name + " test server unavailable: " + line + "; " + hint
                + " (tests needing it are skipped)", cause);
    }

    @SuppressWarnings("deprecation")   // CloseableResource: also closed with AutoCloseable support disabled
    static final class Shared<S extends AutoCloseable> implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final S server;
        final String reason;
        final Throwable cause;

        Shared(S server, String reason, Throwable cause) {
            this.server = server;
            this.reason = reason;
            this.cause = cause;
        }

        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }
    }
}
