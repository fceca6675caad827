package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;

/**
 * The reference's OBJECT_ATTRIBUTES, the internal bit field that ANY_OBJECT carries as a u32
 * (libtpms.md §4.9; a C bit field allocated from bit 0 on x86). Which bits a loaded object has
 * follows ObjectSetLoadedAttributes and ObjectLoad.
 */
final class ObjectAttributeBits {
    static final int PUBLIC_ONLY = 1;
    static final int EPS_HIERARCHY = 1 << 1;
    static final int PPS_HIERARCHY = 1 << 2;
    static final int SPS_HIERARCHY = 1 << 3;
    static final int EVICT = 1 << 4;
    static final int PRIMARY = 1 << 5;
    static final int TEMPORARY = 1 << 6;
    static final int ST_CLEAR = 1 << 7;
    static final int HMAC_SEQ = 1 << 8;
    static final int HASH_SEQ = 1 << 9;
    static final int EVENT_SEQ = 1 << 10;
    static final int TICKET_SAFE = 1 << 11;
    static final int FIRST_BLOCK = 1 << 12;
    static final int IS_PARENT = 1 << 13;
    static final int PRIVATE_EXP = 1 << 14;
    static final int OCCUPIED = 1 << 15;
    static final int DERIVATION = 1 << 16;
    static final int EXTERNAL = 1 << 17;
    static final int ANY_SEQUENCE = HMAC_SEQ | HASH_SEQ | EVENT_SEQ;

    private ObjectAttributeBits() {
    }

    /**
     * The word for a loaded key or data object (privateExp is added by the writer when it has
     * computed the RSA private exponent).
     */
    static int of(LoadedObject object) {
        int bits = OCCUPIED;
        if (object.publicOnly()) {
            bits |= PUBLIC_ONLY;
        }
        if (object.external()) {
            bits |= EXTERNAL;
        }
        switch (object.hierarchy()) {
            case TpmHandles.RH_OWNER:
                bits |= SPS_HIERARCHY;
                break;
            case TpmHandles.RH_ENDORSEMENT:
                bits |= EPS_HIERARCHY;
                break;
            case TpmHandles.RH_PLATFORM:
                bits |= PPS_HIERARCHY;
                break;
            default:
                bits |= TEMPORARY;
                break;
        }
        if (object.isPrimary()) {
            bits |= PRIMARY;
        }
        if (object.stClear()) {
            bits |= ST_CLEAR;
        }
        // ObjectSetLoadedAttributes: a restricted decryption key with a Name is a parent; a
        // KEYEDHASH one a derivation parent.
        if (object.has(TpmaObject.RESTRICTED) && object.has(TpmaObject.DECRYPT)
                && object.publicArea().nameAlg() != TpmAlgId.NULL) {
            bits |= object.publicArea().type() == TpmAlgId.KEYEDHASH ? DERIVATION : IS_PARENT;
        }
        return bits;
    }

    /** ObjectGetHierarchy: the owner before the endorsement and the platform hierarchy, else TPM_RH_NULL. */
    static int hierarchy(int bits) {
        if ((bits & SPS_HIERARCHY) != 0) {
            return TpmHandles.RH_OWNER;
        }
        if ((bits & EPS_HIERARCHY) != 0) {
            return TpmHandles.RH_ENDORSEMENT;
        }
        if ((bits & PPS_HIERARCHY) != 0) {
            return TpmHandles.RH_PLATFORM;
        }
        return TpmHandles.RH_NULL;
    }

    static boolean has(int bits, int bit) {
        return (bits & bit) != 0;
    }
}
