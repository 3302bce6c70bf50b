package dev.imap4lib.bench;

import dev.imap4lib.bench.ProviderBenchmark.Client;
import dev.imap4lib.bench.ProviderBenchmark.Ctx;
import dev.imap4lib.bench.ProviderBenchmark.Run;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * Workloads 9a and 9b: {@value #SESSIONS} sessions of connect, TLS handshake, login and LOGOUT,
 * over implicit TLS (Angus {@code imaps}, {@code imap4libs}) and over STARTTLS on the plain port
 * (Angus {@code imap} and {@code imap4lib} with {@code starttls.enable} and
 * {@code starttls.required}). Every client gets an {@link SSLSocketFactory} of the same kind
 * ({@code ssl.socketFactory}), whose only trust anchor is the server's self-signed certificate;
 * host name checks are each library's default. A new TLS context per client and run: within a
 * run a client may resume the TLS sessions of its own earlier connections, as an application
 * would, but never another client's.
 */
final class TlsWorkload {
    static final int SESSIONS = 50;

    private TlsWorkload() {
    }

    static Run implicit(Client c, Ctx x) throws IOException {
        return sessions(c, x, true);
    }

    static Run starttls(Client c, Ctx x) throws IOException {
        return sessions(c, x, false);
    }

    private static Run sessions(Client c, Ctx x, boolean implicit) throws IOException {
        if (x.tls == null) {
            throw new IllegalStateException("Dovecot runs without TLS (option tls=off)");
        }
        SSLSocketFactory f = x.tls.newClientContext().getSocketFactory();
        int port = implicit ? x.imapsPort : x.port;
        if (c == Client.RAW) {
            return new Run() {
                @Override
                String body() throws Exception {
                    String tls = null;
                    for (int i = 0; i < SESSIONS; i++) {
                        RawImap r;
                        if (implicit) {
                            r = RawImap.tls(f, BenchDovecot.HOST, port);
                        } else {
                            r = new RawImap(BenchDovecot.HOST, port);
                            r.starttls(f, BenchDovecot.HOST, port);
                        }
                        tls = r.tlsSession();
                        r.ok("LOGIN " + BenchDovecot.USER + " " + BenchDovecot.PASS);
                        r.logout();
                    }
                    x.mark();
                    return SESSIONS + " sessions, " + tls;
                }
            };
        }
        String protocol = c == Client.ANGUS ? (implicit ? "imaps" : "imap") : (implicit ? "imap4libs" : "imap4lib");
        Properties p = new Properties();
        String pre = "mail." + protocol + ".";
        p.put(pre + "host", BenchDovecot.HOST);
        p.put(pre + "port", Integer.toString(port));
        p.put(pre + "ssl.socketFactory", f);
        if (!implicit) {
            p.put(pre + "starttls.enable", "true");
            p.put(pre + "starttls.required", "true");
        }
        Session session = Session.getInstance(p);
        return new Run() {
            @Override
            String body() throws Exception {
                for (int i = 0; i < SESSIONS; i++) {
                    // connect() returning is the check: the imaps port speaks only TLS, and
                    // starttls.required refuses to log in without it (isConnected() would cost Angus a NOOP)
                    Store s = session.getStore(protocol);
                    s.connect(BenchDovecot.HOST, port, BenchDovecot.USER, BenchDovecot.PASS);
                    s.close();
                }
                x.mark();
                return SESSIONS + " sessions (" + protocol + (implicit ? "" : ", STARTTLS required") + ")";
            }
        };
    }
}
