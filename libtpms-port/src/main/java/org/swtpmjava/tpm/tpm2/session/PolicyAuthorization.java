package org.swtpmjava.tpm.tpm2.session;

import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.function.IntFunction;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.AuthRole;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.HierarchyAuth;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.PcrAttributes;
import org.swtpmjava.tpm.tpm2.state.SessionFields;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The policy side of CheckAuthSession (Part 1 §19.7.2; reference SessionProcess.c
 * IsAuthPolicyAvailable, CheckPolicyAuthSession) for the entities and policy assertions this
 * engine has. Failures are bare codes; the caller adds the session number.
 */
final class PolicyAuthorization {
    private static final int POLICY_SECRET = 0x151;
    private static final int CREATE = 0x153;
    private static final int CREATE_PRIMARY = 0x131;
    private static final int CREATE_LOADED = 0x191;

    private PolicyAuthorization() {
    }

    /**
     * IsAuthPolicyAvailable: a hierarchy with a policy, a PCR of a policy group or a key object
     * with an authPolicy; never a sequence object.
     */
    static boolean isAuthPolicyAvailable(int handle, TpmState state) {
        if (TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT) {
            LoadedObject object = state.objects().object(handle);
            return object != null && !object.publicOnly() && object.publicArea().authPolicy().length != 0;
        }
        if (TpmHandles.type(handle) == TpmHandles.HT_PCR) {
            return PcrAttributes.inPolicyGroup(handle);
        }
        if (TpmHandles.type(handle) != TpmHandles.HT_PERMANENT) {
            return false;
        }
        return authPolicy(handle, state).length != 0;
    }

    /**
     * CheckPolicyAuthSession: PolicySecret authorized by a policy session needs PolicyAuthValue
     * or PolicyPassword (TPM_RC_MODE); then the PCR counter, policy digest and algorithm,
     * timeout, command code, locality, physical presence, the cpHash / nameHash / template the
     * policy required, and PolicyNvWritten (only an NV index can satisfy it, with its TPMA_NV_WRITTEN).
     */
    static void check(AuthSession session, int handle, CommandSessions.CommandShape shape, AuthRole role,
                      int locality, TpmState state, IntFunction<byte[]> cpHash) {
        if (shape.code() == POLICY_SECRET && !session.passwordNeeded() && !session.authValueNeeded()) {
            throw new TpmRcException(TpmRc.MODE);
        }
        if (session.pcrCounter() != 0 && session.pcrCounter() != state.resetData().pcrCounter()) {
            throw new TpmRcException(TpmRc.PCR_CHANGED);
        }
        if (!MessageDigest.isEqual(session.policyDigest(), authPolicy(handle, state))) {
            throw new TpmRcException(TpmRc.POLICY_FAIL);
        }
        if (policyAlg(handle, state) != session.authHashAlg()) {
            throw new TpmRcException(TpmRc.POLICY_FAIL);
        }
        if (session.timeout() != 0 && (Long.compareUnsigned(session.timeout(), state.flags().time()) < 0
                || session.epoch() != state.persistent().timeEpoch())) {
            throw new TpmRcException(TpmRc.EXPIRED);
        }
        if (session.commandCode() != 0) {
            if (session.commandCode() != shape.code()) {
                throw new TpmRcException(TpmRc.POLICY_CC);
            }
        } else if (role == AuthRole.ADMIN || role == AuthRole.DUP) {
            throw new TpmRcException(TpmRc.POLICY_FAIL);
        }
        checkLocality(session.commandLocality(), locality);
        // _plat__PhysicalPresenceAsserted: swtpm registers no physical-presence callback
        if (session.policyFlag(SessionFields.IS_PP_REQUIRED)) {
            throw new TpmRcException(TpmRc.PP);
        }
        byte[] required = session.policyHash();
        if (required.length != 0) {
            boolean ok;
            if (session.policyFlag(SessionFields.IS_CP_HASH_DEFINED)) {
                ok = MessageDigest.isEqual(required, cpHash.apply(session.authHashAlg()));
            } else if (session.policyFlag(SessionFields.IS_TEMPLATE_SET)) {
                ok = templateMatches(required, shape, session.authHashAlg());
            } else {
                ok = MessageDigest.isEqual(required, nameHash(shape, session.authHashAlg(), state));
            }
            if (!ok) {
                throw new TpmRcException(TpmRc.POLICY_FAIL);
            }
        }
        if (session.policyFlag(SessionFields.CHECK_NV_WRITTEN)) {
            NvIndices.Index index = NvAuthRules.index(handle, state);
            if (index == null || index.publicArea().has(TpmsNvPublic.WRITTEN)
                    != session.policyFlag(SessionFields.NV_WRITTEN_STATE)) {
                throw new TpmRcException(TpmRc.POLICY_FAIL);
            }
        }
    }

    /** CompareNameHash: H(Name of every handle of the command). */
    private static byte[] nameHash(CommandSessions.CommandShape shape, int hashAlg, TpmState state) {
        byte[][] names = new byte[shape.handles().length][];
        for (int i = 0; i < names.length; i++) {
            names[i] = EntityName.of(shape.handles()[i], state);
        }
        return Hashes.digest(hashAlg, names);
    }

    /**
     * CompareTemplateHash: only Create, CreatePrimary and CreateLoaded; the hash of the second
     * parameter's contents (after the first TPM2B, inSensitive), as received.
     */
    private static boolean templateMatches(byte[] required, CommandSessions.CommandShape shape, int hashAlg) {
        if (shape.code() != CREATE && shape.code() != CREATE_PRIMARY && shape.code() != CREATE_LOADED) {
            return false;
        }
        ByteBuffer parameters = ByteBuffer.wrap(shape.parameters());
        if (parameters.remaining() < 2) {
            return false;
        }
        int skip = parameters.getShort() & 0xFFFF;
        if (parameters.remaining() < skip + 2) {
            return false;
        }
        parameters.position(parameters.position() + skip);
        int size = parameters.getShort() & 0xFFFF;
        if (size > parameters.remaining()) {
            return false;
        }
        byte[] template = new byte[size];
        parameters.get(template);
        return MessageDigest.isEqual(required, Hashes.digest(hashAlg, template));
    }

    private static void checkLocality(int sessionLocality, int locality) {
        if (sessionLocality == 0) {
            return;
        }
        if (locality < 5) {
            if ((sessionLocality & (1 << locality)) == 0 || sessionLocality > 31) {
                throw new TpmRcException(TpmRc.LOCALITY);
            }
        } else if (locality > 31) {
            if (sessionLocality != locality) {
                throw new TpmRcException(TpmRc.LOCALITY);
            }
        } else {
            throw new TpmRcException(TpmRc.LOCALITY);
        }
    }

    /** EntityGetAuthPolicy: the digest (empty for none; PCR policies cannot be set yet). */
    private static byte[] authPolicy(int handle, TpmState state) {
        NvIndices.Index index = NvAuthRules.index(handle, state);
        if (index != null) {
            return index.publicArea().authPolicy();
        }
        LoadedObject object = state.objects().object(handle);
        if (TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT && object != null) {
            return object.publicArea().authPolicy();
        }
        HierarchyAuth hierarchy = hierarchy(handle, state);
        if (hierarchy != null) {
            return hierarchy.policy();
        }
        return handle == TpmHandles.RH_PLATFORM ? state.clearData().platformPolicy() : new byte[0];
    }

    private static int policyAlg(int handle, TpmState state) {
        NvIndices.Index index = NvAuthRules.index(handle, state);
        if (index != null) {
            return index.publicArea().nameAlg();
        }
        LoadedObject object = state.objects().object(handle);
        if (TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT && object != null) {
            return object.publicArea().nameAlg();
        }
        HierarchyAuth hierarchy = hierarchy(handle, state);
        if (hierarchy != null) {
            return hierarchy.policyAlg();
        }
        return handle == TpmHandles.RH_PLATFORM ? state.clearData().platformAlg() : TpmAlgId.NULL;
    }

    private static HierarchyAuth hierarchy(int handle, TpmState state) {
        switch (handle) {
            case TpmHandles.RH_OWNER:
                return state.persistent().owner();
            case TpmHandles.RH_ENDORSEMENT:
                return state.persistent().endorsement();
            case TpmHandles.RH_LOCKOUT:
                return state.persistent().lockout();
            default:
                return null;
        }
    }
}
