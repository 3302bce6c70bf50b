package dev.imap4lib.interop;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ProviderCompressProxyTest} against Dovecot (personal namespace "" with "/"). */
@ExtendWith(DovecotExtension.class)
class DovecotProviderCompressProxyTest extends ProviderCompressProxyTest {
    @BeforeEach
    void server(DovecotServer s) {
        c = new Server(s.imapPort(), s.imapsPort(), s.sslContext(), "");
    }
}
