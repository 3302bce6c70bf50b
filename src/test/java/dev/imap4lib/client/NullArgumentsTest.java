package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imap4lib.response.FetchData;
import dev.imap4lib.sasl.Plain;
import dev.imap4lib.sasl.SaslMechanism;
import dev.imap4lib.transport.TlsSettings;
import dev.imap4lib.transport.Transport;
import dev.imap4lib.wire.LiteralSink;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15: a null argument to any public method of {@link Imap4} either gets imaplib's default
 * (INBOX for a mailbox, {@code ""} and {@code *} for LIST, no CHARSET, ...) or fails at once with
 * a {@link NullPointerException}/{@link IllegalArgumentException} that names the parameter,
 * thrown by the public method itself, never one from deep inside. Every public method is walked
 * by reflection with a null in each reference-typed position, so a method added later is covered.
 */
@Timeout(60)
class NullArgumentsTest {
    private static final Set<String> NONAUTH = Set.of("login", "loginCramMd5", "authenticate", "starttls",
            "starttlsWith");
    private static final Set<String> AUTH_ONLY = Set.of("enable", "proxyAuth");

    /** A valid (non-null) value for parameter {@code index} of {@code m}. */
    private static Object sample(Method m, int index, Class<?> type) throws Exception {
        if (m.getName().equals("append") && index == 2 && type == String.class) {
            return "\"02-Jan-2024 03:04:05 +0100\""; // an INTERNALDATE, quoted as imaplib wants it
        }
        return sample(type);
    }

    /** A valid (non-null) value of each parameter type. */
    private static Object sample(Class<?> type) throws Exception {
        if (type == String.class) {
            return "1";
        } else if (type == String[].class) {
            return new String[] {"ALL"};
        } else if (type == byte[].class) {
            return "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        } else if (type == Map.class) {
            return Map.of("name", "value");
        } else if (type == List.class) {
            return List.of("*");
        } else if (type == Duration.class) {
            return Duration.ofMillis(50);
        } else if (type == ZonedDateTime.class) {
            return ZonedDateTime.parse("2024-01-02T03:04:05+01:00");
        } else if (type == Function.class) {
            return (Function<byte[], byte[]>) challenge -> "x".getBytes(StandardCharsets.US_ASCII);
        } else if (type == SaslMechanism.class) {
            return new Plain(null, "u", "p".toCharArray());
        } else if (type == SSLContext.class) {
            return SSLContext.getDefault();
        } else if (type == TlsSettings.class) {
            return TlsSettings.defaults();
        } else if (type == LiteralSink.class) {
            return (LiteralSink) ctx -> OutputStream.nullOutputStream();
        } else if (type == Consumer.class) {
            return (Consumer<FetchData>) d -> { };
        } else if (type == UntaggedListener.class) {
            return (UntaggedListener) u -> { };
        } else if (type == ClientOptions.class) {
            return Fake.options();
        } else if (type == NotifySpec.Filter.class) {
            return NotifySpec.Filter.MAILBOXES; // with the List sample as its mailboxes
        } else if (type == Transport.class) {
            return new AgreeableTransport(true);
        }
        throw new AssertionError("no sample value for " + type.getName() + ": add one");
    }

    private static Object primitive(Class<?> type) {
        if (type == int.class) {
            return 1;
        } else if (type == long.class) {
            return 1L;
        } else if (type == boolean.class) {
            return false;
        }
        throw new AssertionError("no sample value for " + type);
    }

    private static Imap4 connected(String method) throws IOException {
        boolean nonauth = NONAUTH.contains(method);
        Imap4 imap = Imap4.open("localhost", 143, Fake.options(), new AgreeableTransport(!nonauth));
        if (!nonauth && !AUTH_ONLY.contains(method)) {
            imap.select("INBOX").check();
        }
        return imap;
    }

    @Test
    void everyPublicMethodRejectsANullClearlyOrUsesImaplibsDefault() throws Exception {
        List<String> problems = new ArrayList<>();
        int calls = 0;
        for (Method m : Imap4.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                if (types[i].isPrimitive()) {
                    continue;
                }
                Object[] args = new Object[types.length];
                for (int k = 0; k < types.length; k++) {
                    args[k] = k == i ? null : types[k].isPrimitive() ? primitive(types[k]) : sample(m, k, types[k]);
                }
                calls++;
                String where = m.getName() + Arrays.toString(Arrays.stream(types).map(Class::getSimpleName).toArray())
                        + " with parameter " + i + " null";
                String p = outcome(m, args);
                if (p != null) {
                    problems.add(where + ": " + p);
                }
                if (types[i] == String[].class) {
                    // a null among varargs (criteria, entries) is the caller's too
                    args[i] = new String[] {"ALL", null};
                    calls++;
                    p = outcome(m, args);
                    if (p != null) {
                        problems.add(m.getName() + " with a null element in parameter " + i + ": " + p);
                    }
                }
            }
        }
        assertTrue(calls > 100, "walked " + calls + " calls");
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + calls + " calls:\n" + String.join("\n", problems));
        }
    }

    /** Null when the call succeeded or failed cleanly, else what was wrong. */
    private static String outcome(Method m, Object[] args) throws Exception {
        Imap4 imap = Modifier.isStatic(m.getModifiers()) ? null : connected(m.getName());
        try {
            Object r = m.invoke(imap, args);
            if (r instanceof AutoCloseable c) {
                c.close();
            }
            return null;
        } catch (InvocationTargetException e) {
            return judge(e.getCause());
        } finally {
            if (imap != null) {
                imap.shutdown();
            }
        }
    }

    private static String judge(Throwable t) {
        if (t instanceof NullPointerException || t instanceof IllegalArgumentException) {
            String msg = t.getMessage();
            if (msg == null || msg.isBlank() || msg.startsWith("Cannot ") || msg.contains("because \"")) {
                return "unnamed " + t;
            }
            StackTraceElement top = firstOwnFrame(t);
            if (top == null || !top.getClassName().startsWith(Imap4.class.getName()) || !isPublicName(top)) {
                return "thrown from deep inside (" + top + "): " + t;
            }
            return null;
        }
        if (t instanceof IOException && !(t.getCause() instanceof NullPointerException)) {
            return null; // a clear protocol-level refusal, e.g. an argument the server cannot get
        }
        return "unexpected " + t;
    }

    private static StackTraceElement firstOwnFrame(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (!e.getClassName().startsWith("java.") && !e.getClassName().startsWith("jdk.")
                    && !e.getClassName().equals(Params.class.getName())) {
                return e;
            }
        }
        return null;
    }

    private static boolean isPublicName(StackTraceElement e) {
        for (Method m : Imap4.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getName().equals(e.getMethodName())) {
                return true;
            }
        }
        return e.getMethodName().equals("<init>");
    }

    @Test
    void aNullMessageNamesItsParameter() throws Exception {
        Imap4 imap = connected("append");
        try {
            NullPointerException e = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                    () -> imap.append("INBOX", null, (String) null, null));
            assertEquals("message must not be null", e.getMessage());
        } finally {
            imap.shutdown();
        }
    }

    @Test
    void nullsWhereImaplibHasADefaultGetIt() throws Exception {
        AgreeableTransport server = new AgreeableTransport(true);
        Imap4 imap = Imap4.open(null, 143, Fake.options(), server);
        try {
            assertEquals("localhost", imap.host(), "imaplib's host='' is the local host");
            imap.append(null, null, (String) null, "x\r\n".getBytes(StandardCharsets.US_ASCII)).check();
            imap.append("", null, (ZonedDateTime) null, "x\r\n".getBytes(StandardCharsets.US_ASCII)).check();
            imap.select(null).check();
            imap.examine(null).check();
            imap.list(null, null).check();
            imap.lsub(null, null).check();
            imap.listExtended(null, null, null, null).check();
            imap.search(null, "ALL").check();
            imap.sort("DATE", null, "ALL").check();
            imap.thread("REFERENCES", null, "ALL").check();
            imap.id(null).check();
            try (Imap4.Idler idler = imap.idle(null)) {
                assertTrue(idler.isIdling(), "idle(None) idles until done");
            }
            assertEquals(String.join("", List.of(
                    "A0 APPEND INBOX {3}\r\nx\r\n\r\n",
                    "A1 APPEND INBOX {3}\r\nx\r\n\r\n",
                    "A2 SELECT INBOX\r\n",
                    "A3 EXAMINE INBOX\r\n",
                    "A4 LIST \"\" \"*\"\r\n",
                    "A5 LSUB \"\" \"*\"\r\n",
                    "A6 LIST \"\" \"*\"\r\n",
                    "A7 SEARCH ALL\r\n",
                    "A8 SORT (DATE) UTF-8 ALL\r\n",
                    "A9 THREAD REFERENCES UTF-8 ALL\r\n",
                    "A10 ID NIL\r\n",
                    "A11 IDLE\r\nDONE\r\n")), server.sent());
        } finally {
            imap.shutdown();
        }
    }

    @Test
    void constructorsTakeNullOptionsAndTimeoutsAsTheDefaultsAndNameARequiredNull() throws Exception {
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            Thread greeter = new Thread(() -> {
                while (!ss.isClosed()) {
                    try (java.net.Socket c = ss.accept()) {
                        c.getOutputStream().write("* OK [CAPABILITY IMAP4rev1] ready\r\n".getBytes(StandardCharsets.US_ASCII));
                        c.getOutputStream().flush();
                        c.setSoTimeout(2000);
                        c.getInputStream().read();
                    } catch (IOException e) {
                        // next connection, or the socket was closed
                    }
                }
            }, "null-arguments-greeter");
            greeter.setDaemon(true);
            greeter.setContextClassLoader(null);
            greeter.start();
            int port = ss.getLocalPort();
            String host = "127.0.0.1";
            new Imap4(host, port, (Duration) null).shutdown();
            new Imap4(host, port, (ClientOptions) null).shutdown();
            // A TLS client against a plain server: the handshake fails, which shows the null
            // context and options were taken as the defaults rather than dereferenced.
            for (ThrowingRunnable r : List.<ThrowingRunnable>of(
                    () -> new Imap4Ssl(host, port, (SSLContext) null, (Duration) null).shutdown(),
                    () -> new Imap4Ssl(host, port, (SSLContext) null, (ClientOptions) null).shutdown(),
                    () -> new Imap4Ssl(host, port, (TlsSettings) null, Fake.options()).shutdown())) {
                try {
                    r.run();
                } catch (IOException expected) {
                    assertTrue(!(expected.getCause() instanceof NullPointerException), expected.toString());
                }
            }
            NullPointerException e = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                    () -> new Imap4Stream(null));
            assertEquals("command must not be null", e.getMessage());
            NullPointerException t = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                    () -> Imap4.open(host, port, null, null));
            assertEquals("transport must not be null", t.getMessage());
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
