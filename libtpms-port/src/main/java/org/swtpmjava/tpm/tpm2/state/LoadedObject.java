package org.swtpmjava.tpm.tpm2.state;

import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;

/**
 * A loaded key or data object (the reference's OBJECT, libtpms.md §4.9): its public area, the
 * sensitive values (authValue padded to the nameAlg digest size, seedValue, and the private
 * part: the ECC scalar, the symmetric or HMAC key, the sealed data or the RSA prime P), its Name
 * and qualified Name, and the hierarchy it belongs to (TPM_RH_NULL for a temporary object).
 *
 * @param publicArea      TPMT_PUBLIC
 * @param authValue       TPM2B_AUTH of the sensitive area
 * @param seedValue       TPM2B_DIGEST of the sensitive area (empty for non-parent asymmetric keys)
 * @param sensitive       TPMU_SENSITIVE_COMPOSITE as bytes
 * @param name            nameAlg || H(publicArea)
 * @param qualifiedName   nameAlg || H(parent's QN || name)
 * @param hierarchy       TPM_RH_OWNER, _ENDORSEMENT, _PLATFORM or TPM_RH_NULL
 * @param seedCompatLevel the seed compatibility level of the hierarchy seed it came from
 * @param primary         created by CreatePrimary in a hierarchy (not loaded under a parent object)
 * @param publicOnly      only the public area is loaded (TPM2_LoadExternal without a sensitive area): no
 *                        authValue or policy authorization, never a parent
 * @param external        loaded by TPM2_LoadExternal (libtpms' attributes.external)
 * @param stClear         attributes.stClear: its own TPMA_OBJECT stClear or, for an object loaded under
 *                        a parent object, the parent's (ObjectSetLoadedAttributes)
 */
public record LoadedObject(TpmtPublic publicArea, byte[] authValue, byte[] seedValue, byte[] sensitive, byte[] name,
                           byte[] qualifiedName, int hierarchy, int seedCompatLevel, boolean primary,
                           boolean publicOnly, boolean external, boolean stClear)
        implements TransientObject {

    /** An object whose attributes.stClear is its own TPMA_OBJECT stClear. */
    public LoadedObject(TpmtPublic publicArea, byte[] authValue, byte[] seedValue, byte[] sensitive, byte[] name,
                        byte[] qualifiedName, int hierarchy, int seedCompatLevel, boolean primary,
                        boolean publicOnly, boolean external) {
        this(publicArea, authValue, seedValue, sensitive, name, qualifiedName, hierarchy, seedCompatLevel, primary,
                publicOnly, external, publicArea.has(TpmaObject.ST_CLEAR));
    }

    /** An object that TPM2_LoadExternal did not load. */
    public LoadedObject(TpmtPublic publicArea, byte[] authValue, byte[] seedValue, byte[] sensitive, byte[] name,
                        byte[] qualifiedName, int hierarchy, int seedCompatLevel, boolean primary,
                        boolean publicOnly) {
        this(publicArea, authValue, seedValue, sensitive, name, qualifiedName, hierarchy, seedCompatLevel, primary,
                publicOnly, false);
    }

    /** An object with its sensitive area. */
    public LoadedObject(TpmtPublic publicArea, byte[] authValue, byte[] seedValue, byte[] sensitive, byte[] name,
                        byte[] qualifiedName, int hierarchy, int seedCompatLevel, boolean primary) {
        this(publicArea, authValue, seedValue, sensitive, name, qualifiedName, hierarchy, seedCompatLevel, primary,
                false);
    }

    /** A primary object, or a temporary one (TPM_RH_NULL), as CreatePrimary makes them. */
    public LoadedObject(TpmtPublic publicArea, byte[] authValue, byte[] seedValue, byte[] sensitive, byte[] name,
                        byte[] qualifiedName, int hierarchy, int seedCompatLevel) {
        this(publicArea, authValue, seedValue, sensitive, name, qualifiedName, hierarchy, seedCompatLevel,
                hierarchy != TpmHandles.RH_NULL);
    }

    public LoadedObject {
        authValue = authValue.clone();
        seedValue = seedValue.clone();
        sensitive = sensitive.clone();
        name = name.clone();
        qualifiedName = qualifiedName.clone();
    }

    @Override
    public byte[] authValue() {
        return authValue.clone();
    }

    @Override
    public byte[] seedValue() {
        return seedValue.clone();
    }

    @Override
    public byte[] sensitive() {
        return sensitive.clone();
    }

    @Override
    public byte[] name() {
        return name.clone();
    }

    @Override
    public byte[] qualifiedName() {
        return qualifiedName.clone();
    }

    /**
     * The object as loaded under {@code parent}: stClear if the parent is (ObjectSetLoadedAttributes
     * copies the parent's attributes.stClear over the object's own).
     */
    public LoadedObject under(LoadedObject parent) {
        if (stClear || !parent.stClear()) {
            return this;
        }
        return new LoadedObject(publicArea, authValue, seedValue, sensitive, name, qualifiedName, hierarchy,
                seedCompatLevel, primary, publicOnly, external, true);
    }

    /** A primary object (attributes.primary); TPM_RH_NULL primaries are temporary instead. */
    public boolean isPrimary() {
        return primary;
    }

    /**
     * ObjectIsParent: a restricted decryption key that is not a KEYEDHASH (those are derivation
     * parents), as ObjectSetLoadedAttributes sets isParent.
     */
    public boolean isStorageParent() {
        return isRestrictedDecryptionKey() && publicArea.type() != TpmAlgId.KEYEDHASH;
    }

    /** attributes.derivation: a restricted decryption KEYEDHASH object (Part 1 §28.4, TPM2_CreateLoaded). */
    public boolean isDerivationParent() {
        return isRestrictedDecryptionKey() && publicArea.type() == TpmAlgId.KEYEDHASH;
    }

    /** ObjectSetLoadedAttributes: a parent needs its sensitive area and a nameAlg. */
    private boolean isRestrictedDecryptionKey() {
        return has(TpmaObject.RESTRICTED) && has(TpmaObject.DECRYPT) && !publicOnly
                && publicArea.nameAlg() != TpmAlgId.NULL;
    }

    public boolean has(int attribute) {
        return publicArea.has(attribute);
    }

    /** noDA: authorization failures do not count against dictionary-attack protection. */
    public boolean isDaExempt() {
        return has(TpmaObject.NO_DA);
    }
}
