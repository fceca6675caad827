package org.swtpmjava.tpm.differential;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tpm2-tools' NV tools against the C swtpm and the engine, both with the fixed-entropy preload:
 * nvdefine (owner and platform, with and without an index password), nvwrite / nvread by the
 * owner and by the index, nvreadpublic, nvincrement, nvextend, nvsetbits, nvwritelock,
 * nvreadlock, nvundefine and their refusals; exit codes and output compared.
 */
class Tpm2ToolsNvDifferentialTest {
    private static final List<List<String>> NV_TOOLS = List.of(
            List.of("tpm2_nvdefine", "0x1500016", "-C", "o", "-s", "32", "-a",
                    "ownerread|ownerwrite|authread|authwrite", "-p", "secret"),
            List.of("tpm2_nvdefine", "0x1500016", "-C", "o", "-s", "32"),
            List.of("tpm2_nvreadpublic"),
            List.of("tpm2_nvread", "0x1500016", "-C", "o", "-s", "8"),
            List.of("tpm2_nvwrite", "0x1500016", "-C", "o", "-i", "MESSAGE"),
            List.of("tpm2_nvwrite", "0x1500016", "-C", "0x1500016", "-P", "secret", "-i", "MESSAGE", "--offset", "16"),
            List.of("tpm2_nvwrite", "0x1500016", "-C", "0x1500016", "-P", "wrong", "-i", "MESSAGE"),
            List.of("tpm2_nvread", "0x1500016", "-C", "o"),
            List.of("tpm2_nvread", "0x1500016", "-C", "0x1500016", "-P", "secret", "-s", "10", "--offset", "3"),
            List.of("tpm2_nvread", "0x1500016", "-C", "p", "-s", "4"),
            List.of("tpm2_nvreadpublic", "0x1500016"),
            List.of("tpm2_nvdefine", "0x1500017", "-C", "o", "-s", "8", "-a",
                    "ownerread|ownerwrite|nt=counter|no_da"),
            List.of("tpm2_nvincrement", "0x1500017", "-C", "o"),
            List.of("tpm2_nvincrement", "0x1500017", "-C", "o"),
            List.of("tpm2_nvread", "0x1500017", "-C", "o", "-s", "8"),
            List.of("tpm2_nvincrement", "0x1500016", "-C", "o"),
            List.of("tpm2_nvdefine", "0x1500018", "-C", "o", "-s", "32", "-a",
                    "ownerread|ownerwrite|nt=extend"),
            List.of("tpm2_nvextend", "0x1500018", "-C", "o", "-i", "MESSAGE"),
            List.of("tpm2_nvread", "0x1500018", "-C", "o"),
            List.of("tpm2_nvdefine", "0x1500019", "-C", "o", "-s", "8", "-a", "ownerread|ownerwrite|nt=bits"),
            List.of("tpm2_nvsetbits", "0x1500019", "-C", "o", "-i", "0x1111"),
            List.of("tpm2_nvsetbits", "0x1500019", "-C", "o", "-i", "0x2200000000"),
            List.of("tpm2_nvread", "0x1500019", "-C", "o"),
            List.of("tpm2_nvdefine", "0x150001a", "-C", "o", "-s", "16", "-a",
                    "ownerread|ownerwrite|write_stclear|read_stclear"),
            List.of("tpm2_nvwrite", "0x150001a", "-C", "o", "-i", "MESSAGE"),
            List.of("tpm2_nvwritelock", "0x150001a", "-C", "o"),
            List.of("tpm2_nvwrite", "0x150001a", "-C", "o", "-i", "MESSAGE"),
            List.of("tpm2_nvreadlock", "0x150001a", "-C", "o"),
            List.of("tpm2_nvread", "0x150001a", "-C", "o"),
            List.of("tpm2_nvwritelock", "0x1500016", "-C", "o"),
            List.of("tpm2_nvdefine", "0x1400001", "-C", "p", "-s", "16", "-a",
                    "ppread|ppwrite|platformcreate|authread"),
            List.of("tpm2_nvwrite", "0x1400001", "-C", "p", "-i", "MESSAGE"),
            List.of("tpm2_nvread", "0x1400001", "-C", "0x1400001"),
            List.of("tpm2_nvundefine", "0x1400001", "-C", "o"),
            List.of("tpm2_nvundefine", "0x1400001", "-C", "p"),
            List.of("tpm2_getcap", "handles-nv-index"),
            List.of("tpm2_getcap", "properties-variable"),
            List.of("tpm2_nvundefine", "0x1500016"),
            List.of("tpm2_nvundefine", "0x1500016"),
            List.of("tpm2_nvreadpublic"));

    /** The same tools on orderly indices (TPMA_NV_ORDERLY: attributes and data in libtpms' RAM area). */
    private static final List<List<String>> ORDERLY_NV_TOOLS = List.of(
            List.of("tpm2_nvdefine", "0x1500026", "-C", "o", "-s", "32", "-a",
                    "ownerread|ownerwrite|authread|authwrite|orderly", "-p", "secret"),
            List.of("tpm2_nvreadpublic", "0x1500026"),
            List.of("tpm2_nvwrite", "0x1500026", "-C", "0x1500026", "-P", "secret", "-i", "MESSAGE", "--offset", "16"),
            List.of("tpm2_nvread", "0x1500026", "-C", "o"),
            List.of("tpm2_nvreadpublic", "0x1500026"),
            List.of("tpm2_nvdefine", "0x1500027", "-C", "o", "-s", "8", "-a",
                    "ownerread|ownerwrite|nt=counter|no_da|orderly"),
            List.of("tpm2_nvincrement", "0x1500027", "-C", "o"),
            List.of("tpm2_nvincrement", "0x1500027", "-C", "o"),
            List.of("tpm2_nvread", "0x1500027", "-C", "o", "-s", "8"),
            List.of("tpm2_nvdefine", "0x1500028", "-C", "o", "-s", "32", "-a",
                    "ownerread|ownerwrite|nt=extend|orderly"),
            List.of("tpm2_nvextend", "0x1500028", "-C", "o", "-i", "MESSAGE"),
            List.of("tpm2_nvread", "0x1500028", "-C", "o"),
            List.of("tpm2_nvdefine", "0x1500029", "-C", "o", "-s", "8", "-a",
                    "ownerread|ownerwrite|nt=bits|orderly"),
            List.of("tpm2_nvsetbits", "0x1500029", "-C", "o", "-i", "0x1111"),
            List.of("tpm2_nvread", "0x1500029", "-C", "o"),
            List.of("tpm2_nvdefine", "0x150002a", "-C", "o", "-s", "500", "-a", "ownerread|ownerwrite|orderly"),
            List.of("tpm2_getcap", "handles-nv-index"),
            List.of("tpm2_getcap", "properties-variable"),
            List.of("tpm2_nvundefine", "0x1500027", "-C", "o"),
            List.of("tpm2_nvreadpublic"));

    @TempDir
    Path dir;

    @Test
    void nvToolsOnOrderlyIndicesGiveTheSameResults() throws Exception {
        Tpm2ToolsObjectsDifferentialTest.compareTools(dir, ORDERLY_NV_TOOLS);
    }

    @Test
    void nvToolsGiveTheSameResults() throws Exception {
        Tpm2ToolsObjectsDifferentialTest.compareTools(dir, NV_TOOLS);
    }
}
