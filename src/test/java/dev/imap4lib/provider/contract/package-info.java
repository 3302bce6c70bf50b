/**
 * A provider-agnostic, TCK-style contract suite for Jakarta Mail IMAP store providers.
 *
 * <p>Every test is a {@link dev.imap4lib.provider.contract.Contract} (a parameterised test) run
 * once per {@link dev.imap4lib.provider.contract.Target}: a store protocol on a server
 * ({@link dev.imap4lib.provider.contract.ContractTargets}). The targets are Angus Mail's
 * {@code imap} (the reference) and our {@code imap4lib} on GreenMail, and on Dovecot 2.3:
 * {@code imap} and {@code imap4lib} in plain text, both with STARTTLS required, and
 * {@code imap4libs} over implicit TLS (7 targets).
 *
 * <ul>
 *   <li><b>Add a provider</b>: add its protocol to {@link dev.imap4lib.provider.contract.Targets#PROTOCOLS},
 *       e.g. {@code List.of("imap", "imap4lib")}. An unregistered protocol fails every test.
 *       {@code "imaps"}/{@code "imap4libs"} run over GreenMail's IMAPS port.
 *   <li><b>MOVE</b> is not in Jakarta Mail 2.1's Folder: register the provider's capability in
 *       {@link dev.imap4lib.provider.contract.Capabilities#mover}.
 *   <li><b>Known deviations</b> of a server or provider are constants of
 *       {@link dev.imap4lib.provider.contract.Deviation}; tests assert the deviant behaviour for
 *       targets that have one and the specified behaviour otherwise.
 *   <li><b>Dovecot</b>: one {@code dev.imap4lib.testing.DovecotServer} for the whole run, from
 *       {@code DovecotExtension}'s root store (not one per class or test). If it is unavailable
 *       the Dovecot invocations fail with {@code CI=true} and are skipped otherwise; GreenMail
 *       invocations are unaffected. {@code -Dcontract.dovecot=false} leaves them out. All Dovecot
 *       targets use the account {@link dev.imap4lib.provider.contract.Targets#DOVECOT_USER}
 *       ({@code test@example.com}, used by no other test class); besides unique folder names,
 *       {@link dev.imap4lib.provider.contract.DovecotTargets} resets that account before each
 *       Dovecot test through the reference client (all personal mailboxes but INBOX and the
 *       special-use ones deleted, those emptied, stale subscriptions removed). The TLS targets
 *       trust exactly the server's test certificate ({@code mail.<protocol>.ssl.socketFactory} =
 *       {@code sslContext().getSocketFactory()}) and check its identity for host {@code localhost};
 *       the plain ones set {@code starttls.enable=false} (imap4lib upgrades by default). The tests
 *       only rely on the account, unique folder names and {@code getSeparator()} ('/' on Dovecot,
 *       '.' on GreenMail), and set up state through
 *       {@link dev.imap4lib.provider.contract.Fixture} (the reference client, one connection per
 *       test), never through the server's API.
 *   <li>{@code -Dcontract.debug=true} prints the provider's protocol trace ({@code mail.debug}).
 * </ul>
 */
package dev.imap4lib.provider.contract;
