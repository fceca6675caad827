package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.Map;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_GetCapability (Part 3 §30.2): one provider per TPM_CAP value. A value that is not a
 * TPM_CAP fails while unmarshalling; a TPM_CAP without provider (the vendor
 * property) answers TPM_RC_VALUE for the capability parameter, as the reference does
 * for TPM_CAP_VENDOR_PROPERTY.
 */
public final class GetCapability implements TpmCommand<GetCapability.In> {
    /** TPM_CAP values (Part 2, Table 22). */
    public static final int CAP_ALGS = 0;
    public static final int CAP_HANDLES = 1;
    public static final int CAP_COMMANDS = 2;
    public static final int CAP_PP_COMMANDS = 3;
    public static final int CAP_AUDIT_COMMANDS = 4;
    public static final int CAP_PCRS = 5;
    public static final int CAP_TPM_PROPERTIES = 6;
    public static final int CAP_PCR_PROPERTIES = 7;
    public static final int CAP_ECC_CURVES = 8;
    public static final int CAP_AUTH_POLICIES = 9;
    public static final int CAP_ACT = 10;
    public static final int CAP_VENDOR_PROPERTY = 0x100;

    private final Map<Integer, CapabilityProvider> providers;

    public GetCapability(Map<Integer, CapabilityProvider> providers) {
        this.providers = Map.copyOf(providers);
    }

    /**
     * @param capability    TPM_CAP
     * @param property      UINT32, the first property to report
     * @param propertyCount UINT32, the most entries wanted
     */
    public record In(int capability, long property, long propertyCount) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        int capability = arguments.parameters().next(GetCapability::readCapability);
        long property = arguments.parameters().next(TpmReader::readU32Unsigned);
        long count = arguments.parameters().next(TpmReader::readU32Unsigned);
        return new In(capability, property, count);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        CapabilityProvider provider = providers.get(in.capability());
        if (provider == null) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
        }
        CapabilityList list = provider.read(in.property(), in.propertyCount(), context);
        return writer -> {
            writer.writeBool(list.moreData()).writeU32(in.capability());
            list.list().write(writer);
        };
    }

    /** TPM_CAP_Unmarshal: only the defined TPM_CAP values. */
    private static int readCapability(TpmReader reader) {
        int capability = reader.readU32();
        if ((capability < CAP_ALGS || capability > CAP_ACT) && capability != CAP_VENDOR_PROPERTY) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return capability;
    }
}
