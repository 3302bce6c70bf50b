package dev.imap4lib.interop;

import dev.imap4lib.testing.CyrusExtension;
import dev.imap4lib.testing.CyrusServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ProviderCompressProxyTest} against Cyrus 3.6 (classic namespace: new folders under INBOX). */
@ExtendWith(CyrusExtension.class)
class CyrusProviderCompressProxyTest extends ProviderCompressProxyTest {
    @BeforeEach
    void server(CyrusServer s) {
        c = new Server(s.imapPort(), s.imapsPort(), s.sslContext(), "INBOX");
    }
}
