package dev.imap4lib.provider.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A contract test: run once per {@link dev.imap4lib.provider.contract.Target} of {@link
 * ContractTargets} (GreenMail and Dovecot targets); {@link DovecotTargets} skips or fails the
 * Dovecot ones if Dovecot is unavailable and resets the Dovecot account before each.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(ContractTargets.class)
@ExtendWith(DovecotTargets.class)
public @interface Contract {
}
