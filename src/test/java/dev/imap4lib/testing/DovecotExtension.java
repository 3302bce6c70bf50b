package dev.imap4lib.testing;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * JUnit 5 extension providing one {@link DovecotServer} shared by the whole test run.
 *
 * <pre>{@code
 * @ExtendWith(DovecotExtension.class)
 * class MyTest {
 *     @Test void t(DovecotServer dovecot) { ... dovecot.imapPort() ... }
 * }
 * }</pre>
 *
 * <p>The server is started lazily on first use and kept in the root {@link ExtensionContext}
 * store, which closes it (stopping exactly its master process) when the test run ends. If Dovecot
 * is not installed or cannot start, every test using this extension is
 * <ul>
 *   <li><b>failed</b> when the environment variable {@code CI} equals {@code true}, or</li>
 *   <li><b>skipped</b> (aborted, like a failed assumption) otherwise, with a reason that says
 *       how to install Dovecot.</li>
 * </ul>
 * The decision is made before each test (and before the class, if a constructor or a
 * {@code @BeforeAll}/{@code @AfterAll} method takes the server), never in parameter resolution,
 * where JUnit would turn a skip into a failure. The start is attempted once per run.
 */
public final class DovecotExtension
        implements BeforeAllCallback, BeforeEachCallback, TestInstancePreConstructCallback, ParameterResolver {

    /** Environment variable deciding fail ({@code true}) versus skip (anything else). */
    public static final String CI_ENV = "CI";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DovecotExtension.class);

    /**
     * The shared server of this test run (started if needed). Throws the fail/skip exception
     * described in the class comment if it is unavailable.
     */
    public static DovecotServer server(ExtensionContext context) {
        return shared(context).serverOrThrow(System.getenv(CI_ENV));
    }

    /** Only if the constructor takes the server: the decision must precede parameter resolution. */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        for (Constructor<?> c : factoryContext.getTestClass().getDeclaredConstructors()) {
            if (takesServer(c)) {
                server(context);
            }
        }
    }

    /**
     * Only if a {@code @BeforeAll}/{@code @AfterAll} method takes the server. Otherwise the
     * decision is left to {@link #beforeEach}, so that a skip is reported per test with its
     * reason (a skipped class shows up in Maven's output as "Tests run: 0", without the reason).
     */
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

    private static boolean takesServer(Executable e) {
        for (Class<?> t : e.getParameterTypes()) {
            if (t == DovecotServer.class) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == DovecotServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Shared s = shared(extensionContext);
        if (s.server == null) {
            // normally unreachable: the callbacks above already failed or skipped the test
            throw new ParameterResolutionException(oneLine(s.reason), s.cause);
        }
        return s.server;
    }

    private static Shared shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, k -> Shared.start(), Shared.class);
    }

    /**
     * The fail-or-skip rule: the exception to throw when the server is unavailable for
     * {@code reason}, given the value of the {@code CI} environment variable. The message is
     * one line.
     *
     * @return an {@link AssertionFailedError} (test fails) if {@code ci} equals {@code "true"},
     *     else a {@link TestAbortedException} (test skipped) naming the install command
     */
    static Throwable unavailable(String reason, Throwable cause, String ci) {
        String line = oneLine(reason);
        if ("true".equals(ci)) {
            return new AssertionFailedError("Dovecot test server unavailable and CI=true: " + line, cause);
        }
        return new TestAbortedException("Dovecot test server unavailable: " + line
                + "; install it with: " + DovecotServer.INSTALL_HINT + " (tests needing it are skipped)", cause);
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
    static final class Shared implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final DovecotServer server;
        final String reason;
        final Throwable cause;

        private Shared(DovecotServer server, String reason, Throwable cause) {
            this.server = server;
            this.reason = reason;
            this.cause = cause;
        }

        static Shared start() {
            var missing = DovecotServer.unavailableReason();
            if (missing.isPresent()) {
                return new Shared(null, missing.get(), null);
            }
            try {
                return new Shared(DovecotServer.start(), null, null);
            } catch (IOException | RuntimeException e) {
                return new Shared(null, "Dovecot could not start: " + oneLine(e.getMessage()), e);
            }
        }

        DovecotServer serverOrThrow(String ci) {
            if (server == null) {
                Throwable t = unavailable(reason, cause, ci);
                if (t instanceof Error) {
                    throw (Error) t;
                }
                throw (RuntimeException) t;
            }
            return server;
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();   // idempotent
            }
        }
    }
}
