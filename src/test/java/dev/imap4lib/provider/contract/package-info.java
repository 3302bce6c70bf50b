/**
 * A provider-agnostic, TCK-style contract suite for Jakarta Mail IMAP store providers.
 *
 * <p>Every test is a {@link dev.imap4lib.provider.contract.Contract} (a parameterised test) run
 * once per {@link dev.imap4lib.provider.contract.Target}: a store protocol on a server. Today the
 * targets are Angus Mail's {@code imap} (the reference) on GreenMail.
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
 *   <li><b>Dovecot</b>: {@link dev.imap4lib.provider.contract.Targets#dovecot} builds a target;
 *       the tests only rely on the account, unique folder names and {@code getSeparator()}, and
 *       set up state through {@link dev.imap4lib.provider.contract.Fixture} (the reference
 *       client), never through the server's API.
 *   <li>{@code -Dcontract.debug=true} prints the provider's protocol trace ({@code mail.debug}).
 * </ul>
 */
package dev.imap4lib.provider.contract;
