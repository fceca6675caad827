package org.swtpmjava.tpm.tpm2.command.testing;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.command.capability.AlgorithmList;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.SelfTestState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_IncrementalSelfTest (Part 3 §10.3, reference CryptIncrementalSelfTest): tests the listed
 * algorithms that are still pending and returns the algorithms left to test (toDoList). An
 * algorithm libtpms does not implement is TPM_RC_VALUE for toTest, found by the action, i.e.
 * after the trailing-bytes check.
 */
public final class IncrementalSelfTest implements TpmCommand<IncrementalSelfTest.In> {
    /** MAX_ALG_LIST_SIZE. */
    private static final int MAX_ALG_LIST_SIZE = 64;

    /** @param toTest TPML_ALG */
    public record In(List<Integer> toTest) {
        public In {
            toTest = List.copyOf(toTest);
        }
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.parameters().next(IncrementalSelfTest::readAlgList));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        for (int alg : in.toTest()) {
            if (!AlgorithmList.isImplemented(alg)) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
            }
        }
        SelfTestState tests = context.state().selfTests();
        in.toTest().forEach(tests::run);
        List<Integer> toDoList = tests.pending();
        return writer -> {
            writer.writeU32(toDoList.size());
            toDoList.forEach(writer::writeU16);
        };
    }

    /** TPML_ALG: a count above MAX_ALG_LIST_SIZE is TPM_RC_SIZE before any entry is read. */
    private static List<Integer> readAlgList(TpmReader reader) {
        long count = reader.readU32Unsigned();
        if (count > MAX_ALG_LIST_SIZE) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        List<Integer> algs = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            algs.add(reader.readU16());
        }
        return algs;
    }
}
