package dev.imap4lib.provider.contract;

import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * The parameter source of {@link Contract}: the GreenMail targets of the test class ({@link
 * ProviderContract#targets()}; GreenMail is started by then, a class-level callback) followed by
 * the Dovecot targets of the run ({@link DovecotTargets#targets}).
 */
public final class ContractTargets implements ArgumentsProvider {

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context)
            throws Exception {
        return Stream.concat(ProviderContract.targets(), DovecotTargets.targets(context)).map(Arguments::of);
    }
}
