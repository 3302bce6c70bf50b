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
 * A real server of type {@code S} for the tests (Dovecot, Cyrus, Courier): one instance shared by
 * the whole test run (started lazily, closed by the root store at the end), injected as a
 * parameter. If it cannot start, each test using it <b>fails</b> when the environment variable
 * {@code CI} equals {@code true} and is <b>skipped</b> with a one-line reason otherwise. The
 * decision is made before each test (or before the class, if a constructor or a
 * {@code @BeforeAll}/{@code @AfterAll} method takes the server), never in parameter resolution.
 */
public abstract class InteropServerExtension<S extends AutoCloseable>
        implements BeforeAllCallback, BeforeEachCallback, TestInstancePreConstructCallback, ParameterResolver {

    /** Environment variable deciding fail ({@code true}) versus skip (anything else). */
    public static final String CI_ENV = "CI";

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
        return serverOrThrow(shared(context), System.getenv(CI_ENV));
    }

    /** {@code s}'s server, or the fail ({@code ci} = "true") or skip exception when it has none. */
    S serverOrThrow(Shared<S> s, String ci) {
        if (s.server == null) {
            Throwable t = unavailable(serverName(), s.reason, s.cause, ci, hint());
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
            throw new ParameterResolutionException(oneLine(s.reason), s.cause);
        }
        return s.server;
    }

    @SuppressWarnings("unchecked")
    private Shared<S> shared(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(getClass()));
        return store.getOrComputeIfAbsent(Shared.class, k -> startShared(), Shared.class);
    }

    /** Starts the server, or records why it cannot start. */
    Shared<S> startShared() {
        Optional<String> missing = unavailableReason();
        if (missing.isPresent()) {
            return new Shared<>(null, missing.get(), null);
        }
        try {
            return new Shared<>(startServer(), null, null);
        } catch (IOException | RuntimeException e) {
            return new Shared<>(null, serverName() + " could not start: " + oneLine(e.getMessage()), e);
        }
    }

    /** The fail ({@code ci} = "true") or skip exception, with a one-line message. */
    static Throwable unavailable(String name, String reason, Throwable cause, String ci, String hint) {
        String line = oneLine(reason);
        if ("true".equals(ci)) {
            return new AssertionFailedError(name + " test server unavailable and CI=true: " + line, cause);
        }
        return new TestAbortedException(name + " test server unavailable: " + line + "; " + hint
                + " (tests needing it are skipped)", cause);
    }

    static String oneLine(String s) {
        if (s == null || s.isBlank()) {
            return "unknown reason";
        }
        String first = s.strip().lines().findFirst().orElse("").strip();
        return first.length() > 400 ? first.substring(0, 400) + "..." : first;
    }

    /** The run-wide state: a running server, or the reason why there is none. */
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
