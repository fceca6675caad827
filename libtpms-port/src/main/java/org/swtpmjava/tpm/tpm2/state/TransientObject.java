package org.swtpmjava.tpm.tpm2.state;

/**
 * What occupies a transient object slot: a sequence object ({@link HashSequence}) or a key or
 * data object ({@link LoadedObject}), the reference's HASH_OBJECT and OBJECT.
 */
public sealed interface TransientObject permits HashSequence, LoadedObject {

    /** The authValue as stored (a key's is padded to its nameAlg's digest size). */
    byte[] authValue();
}
