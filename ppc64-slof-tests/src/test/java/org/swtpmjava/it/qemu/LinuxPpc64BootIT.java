package org.swtpmjava.it.qemu;

/**
 * qemu-system-ppc64 pseries, SLOF, tpm-spapr, direct boot of Debian 12's ppc64el kernel (its
 * tpm_ibmvtpm driver is built in) with a busybox initramfs: as {@link LinuxBootIT} for x86_64.
 */
class LinuxPpc64BootIT extends LinuxGuestBootTests {

    @Override
    LinuxGuest.Arch arch() {
        return LinuxGuest.Arch.PPC64LE;
    }

    @Override
    QemuLauncher.Machine machine() {
        return QemuLauncher.Machine.PPC64_LINUX;
    }
}
