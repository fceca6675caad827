package org.swtpmjava.it.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.swtpmjava.it.Launchers.Emulator;

/**
 * qemu-system-x86_64 q35, OVMF (Debian's {@code ovmf}, built with TPM 2 support), tpm-crb, direct
 * boot of Debian 12's kernel through its EFI stub: as {@link LinuxBootIT} for SeaBIOS and tpm-tis.
 * OVMF measures more (UEFI variables, Secure Boot state, the kernel and initrd as PE image and
 * file) and hands its log to the kernel through the EFI configuration table.
 */
class OvmfLinuxBootIT extends LinuxGuestBootTests {

    private static final Path OVMF = Path.of("/usr/share/OVMF");
    private static final Path CODE = OVMF.resolve("OVMF_CODE_4M.fd");
    private static final Path VARS = OVMF.resolve("OVMF_VARS_4M.fd");

    @Override
    LinuxGuest.Arch arch() {
        return LinuxGuest.Arch.X86_64;
    }

    @Override
    QemuLauncher.Machine machine() {
        return QemuLauncher.Machine.X86_OVMF_LINUX;
    }

    /**
     * Debian 12's kernel refuses the TPM as hwrng on the CRB interface ("tpm_crb MSFT0101:00:
     * Disabling hwrng", with the C swtpm as with swtpm-java).
     */
    @Override
    boolean guestUsesTheTpmAsHwrng() {
        return false;
    }

    /** The firmware's code read-only, its variable store a fresh copy per boot (OVMF writes to it). */
    @Override
    FirmwareBoot.Result boot(Emulator e, Path tmp) throws Exception {
        if (!Files.isRegularFile(CODE) || !Files.isRegularFile(VARS)) {
            throw new IllegalStateException(CODE + " is not installed: apt-get install ovmf"
                    + " (scripts/test-all.sh installs it)");
        }
        Path guest = LinuxGuest.ensureBuilt(arch());
        Files.createDirectories(tmp);
        Path vars = tmp.resolve("OVMF_VARS.fd");
        Files.copy(VARS, vars, StandardCopyOption.REPLACE_EXISTING);
        List<String> args = new ArrayList<>(List.of(
                "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + CODE,
                "-drive", "if=pflash,format=raw,unit=1,file=" + vars));
        args.addAll(LinuxGuest.qemuArgs(arch(), guest));
        return FirmwareBoot.once(e, machine(), LinuxGuest.DONE, tmp, args);
    }
}
