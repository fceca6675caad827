package org.swtpmjava.tpm.differential;

/**
 * TPMT_PUBLIC templates (hex) and the object commands built from them, shared by the object
 * differential tests. The EK templates are the TCG EK Credential Profile's L-1 (RSA-2048) and
 * L-2 (ECC NIST P-256); the SRK templates are tpm2-tools' tpm2_createprimary defaults
 * (rsa2048:null:aes128cfb and ecc256:null:aes128cfb, empty unique) and the TCG provisioning
 * guidance's (unique zero-filled).
 */
final class ObjectTemplates {
    static final String OWNER = "40000001";
    static final String ENDORSEMENT = "4000000b";
    static final String PLATFORM = "4000000c";
    static final String NULL = "40000007";

    /** TPM2_PolicySecret(TPM_RH_ENDORSEMENT) digest of the EK templates. */
    static final String EK_POLICY = "837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa";
    /** fixedTPM, fixedParent, sensitiveDataOrigin, adminWithPolicy, restricted, decrypt. */
    static final int EK_ATTRIBUTES = 0x000300B2;
    /** fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, restricted, decrypt. */
    static final int SRK_ATTRIBUTES = 0x00030472;
    /** fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, sign. */
    static final int SIGNING_ATTRIBUTES = 0x00040072;
    static final String AES128_CFB = "0006 0080 0043";
    static final String AES256_CFB = "0006 0100 0043";
    static final String NO_SYMMETRIC = "0010";

    static final String EK_RSA = rsa(0xB, EK_ATTRIBUTES, EK_POLICY, AES128_CFB, "0010", 2048, 0, zeros(256));
    static final String EK_ECC = ecc(0xB, EK_ATTRIBUTES, EK_POLICY, AES128_CFB, "0010", 0x3, zeros(32), zeros(32));
    static final String SRK_RSA_TOOLS = rsa(0xB, SRK_ATTRIBUTES, "", AES128_CFB, "0010", 2048, 0, "");
    static final String SRK_ECC_TOOLS = ecc(0xB, SRK_ATTRIBUTES, "", AES128_CFB, "0010", 0x3, "", "");
    static final String SRK_RSA_TCG = rsa(0xB, SRK_ATTRIBUTES, "", AES128_CFB, "0010", 2048, 0, zeros(256));
    static final String SRK_ECC_TCG = ecc(0xB, SRK_ATTRIBUTES, "", AES128_CFB, "0010", 0x3, zeros(32), zeros(32));

    private ObjectTemplates() {
    }

    static String zeros(int bytes) {
        return "00".repeat(bytes);
    }

    static String sized(String hex) {
        String bytes = hex.replace(" ", "");
        return String.format("%04x", bytes.length() / 2) + bytes;
    }

    private static String header(int type, int nameAlg, int attributes, String policy) {
        return String.format("%04x%04x%08x", type, nameAlg, attributes) + sized(policy);
    }

    static String rsa(int nameAlg, int attributes, String policy, String symmetric, String scheme, int keyBits,
                      long exponent, String unique) {
        return header(0x1, nameAlg, attributes, policy) + symmetric.replace(" ", "") + scheme.replace(" ", "")
                + String.format("%04x%08x", keyBits, exponent) + sized(unique);
    }

    static String ecc(int nameAlg, int attributes, String policy, String symmetric, String scheme, int curve,
                      String x, String y) {
        return header(0x23, nameAlg, attributes, policy) + symmetric.replace(" ", "") + scheme.replace(" ", "")
                + String.format("%04x", curve) + "0010" + sized(x) + sized(y);
    }

    static String keyedHash(int nameAlg, int attributes, String policy, String scheme, String unique) {
        return header(0x8, nameAlg, attributes, policy) + scheme.replace(" ", "") + sized(unique);
    }

    static String symCipher(int nameAlg, int attributes, String symmetric, String unique) {
        return header(0x25, nameAlg, attributes, "") + symmetric.replace(" ", "") + sized(unique);
    }

    /** TPM2_CreatePrimary with a password session; the template is wrapped as TPM2B_PUBLIC. */
    static byte[] createPrimary(String hierarchy, String session, String userAuth, String data, String template,
                                String outsideInfo, String creationPcr) {
        String sensitive = sized(sized(userAuth) + sized(data));
        return org.swtpmjava.tpm.TestBytes.command(DifferentialCommands.SESSIONS, 0x131, hierarchy
                + DifferentialCommands.sessions(session) + sensitive + sized(template) + sized(outsideInfo)
                + creationPcr.replace(" ", ""));
    }

    static byte[] createPrimary(String hierarchy, String template) {
        return createPrimary(hierarchy, SwtpmBootDifferentialTest.PW, "", "", template, "", "00000000");
    }

    static byte[] readPublic(int handle) {
        return org.swtpmjava.tpm.TestBytes.command(DifferentialCommands.NO_SESSIONS, 0x173, String.format("%08x", handle));
    }

    static byte[] flush(int handle) {
        return org.swtpmjava.tpm.TestBytes.command(DifferentialCommands.NO_SESSIONS, 0x165, String.format("%08x", handle));
    }
}
