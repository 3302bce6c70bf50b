package dev.imap4lib.cli;

import dev.imap4lib.testing.DovecotServer;

/**
 * A private Dovecot for {@code bench/cli-vs-mbsync.sh}: prints {@code port N}, {@code cert PATH}
 * and {@code ready}, then runs until standard input ends and stops exactly its own master process.
 */
public final class BenchDovecot {
    private BenchDovecot() {
    }

    public static void main(String[] args) throws Exception {
        try (DovecotServer d = DovecotServer.start()) {
            System.out.println("port " + d.imapPort());
            System.out.println("cert " + d.certificatePem());
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the script to close our stdin
            }
        }
    }
}
