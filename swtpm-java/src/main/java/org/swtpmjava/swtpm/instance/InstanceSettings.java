package org.swtpmjava.swtpm.instance;

/**
 * The command-line settings a vTPM instance obeys.
 *
 * @param tpm2                 TPM 2.0 (else 1.2): fixed responses and capability bits
 * @param rejectLocality4      {@code --locality reject-locality-4}
 * @param allowSetLocality     {@code --locality allow-set-locality}
 * @param autoShutdown         send TPM2_Shutdown before INIT/STOP/SHUTDOWN/exit (not disabled by --flags)
 * @param incomingMigration    {@code --migration incoming}: lock the storage only when state arrives
 * @param fileKeyConfigured    {@code --key} given (GET_CONFIG bit 0)
 * @param migrationKeyConfigured {@code --migration-key} given (GET_CONFIG bit 1)
 */
public record InstanceSettings(boolean tpm2, boolean rejectLocality4, boolean allowSetLocality,
                               boolean autoShutdown, boolean incomingMigration,
                               boolean fileKeyConfigured, boolean migrationKeyConfigured) {
}
