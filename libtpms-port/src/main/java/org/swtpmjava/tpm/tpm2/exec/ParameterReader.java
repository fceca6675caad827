package org.swtpmjava.tpm.tpm2.exec;

import java.util.function.Function;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * Reads the command parameters one by one and numbers any unmarshalling failure with the
 * parameter's position, as the reference's CommandDispatcher does (TPM_RC_P + n).
 */
public final class ParameterReader {
    private final TpmReader reader;
    private int number;

    public ParameterReader(TpmReader reader) {
        this.reader = reader;
    }

    /** Reads the next parameter with {@code type}; a bare code it raises gets this parameter's number. */
    public <T> T next(Function<TpmReader, T> type) {
        number++;
        try {
            return type.apply(reader);
        } catch (TpmRcException e) {
            throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), number));
        }
    }

    /** Bytes left after the last parameter give a bare TPM_RC_SIZE. */
    void requireEnd() {
        if (reader.hasRemaining()) {
            throw new TpmRcException(TpmRc.SIZE);
        }
    }
}
