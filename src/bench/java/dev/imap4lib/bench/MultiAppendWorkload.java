package dev.imap4lib.bench;

import dev.imap4lib.bench.ProviderBenchmark.Client;
import dev.imap4lib.bench.ProviderBenchmark.Ctx;
import dev.imap4lib.bench.ProviderBenchmark.Run;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Workloads 6b and 6c: {@value #COUNT} messages of about 4 KB in one {@code appendMessages} call
 * into {@code Appended}. imap4lib sends them as one MULTIAPPEND (Dovecot has it), Angus as one
 * APPEND each. The RAW row of 6b is one APPEND with a LITERAL+ literal per message, waiting for
 * each reply (the floor of the one-by-one way); that of 6c is one MULTIAPPEND with LITERAL+
 * literals (the floor of the batched way). Verified byte for byte (count, bytes, CRC-32).
 */
final class MultiAppendWorkload {
    static final int COUNT = 1_000;
    private static final List<byte[]> MESSAGES = build();

    private MultiAppendWorkload() {
    }

    private static List<byte[]> build() {
        List<byte[]> out = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder sb = new StringBuilder("From: bench@localhost\r\nTo: user@localhost\r\nSubject: batch " + i
                    + "\r\nMessage-ID: <multi-" + i + "@bench.local>\r\nDate: Mon, 7 Dec 2026 12:00:00 +0000\r\n\r\n");
            while (sb.length() < 4000) {
                sb.append("Line ").append(sb.length()).append(" of message ").append(i).append(", some text to fill it.\r\n");
            }
            out.add(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }

    static long bytes() {
        return MESSAGES.stream().mapToLong(m -> m.length).sum();
    }

    private static long crc() {
        CRC32 c = new CRC32();
        MESSAGES.forEach(c::update);
        return c.getValue();
    }

    static Run sequential(Client c, Ctx x) throws Exception {
        return open(c, x, false);
    }

    static Run multi(Client c, Ctx x) throws Exception {
        return open(c, x, true);
    }

    private static Run open(Client c, Ctx x, boolean rawMulti) throws Exception {
        if (c == Client.RAW) {
            RawImap r = RawImap.login(ProviderBenchmark.HOST, x.port, ProviderBenchmark.USER, ProviderBenchmark.PASS);
            return new Run() {
                @Override
                String body() throws Exception {
                    if (rawMulti) {
                        r.multiAppend("Appended", MESSAGES);
                    } else {
                        for (byte[] m : MESSAGES) {
                            r.append("Appended", m);
                        }
                    }
                    x.mark();
                    return COUNT + " appended";
                }

                @Override
                public void close() throws Exception {
                    r.logout();
                    ProviderBenchmark.verifyAppended(x, COUNT, bytes(), crc());
                }
            };
        }
        Session session = ProviderBenchmark.session(c, x);
        Message[] msgs = new Message[COUNT];
        for (int i = 0; i < COUNT; i++) {
            msgs[i] = new MimeMessage(session, new ByteArrayInputStream(MESSAGES.get(i)));
        }
        Store s = session.getStore(c.protocol);
        s.connect(ProviderBenchmark.HOST, x.port, ProviderBenchmark.USER, ProviderBenchmark.PASS);
        return new Run() {
            @Override
            String body() throws Exception {
                Folder f = s.getFolder("Appended");
                f.appendMessages(msgs);
                x.mark();
                return COUNT + " appended";
            }

            @Override
            public void close() throws Exception {
                s.close();
                ProviderBenchmark.verifyAppended(x, COUNT, bytes(), crc());
            }
        };
    }
}
