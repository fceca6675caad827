package org.swtpmjava.swtpm;

/** Help texts: the options swtpm has, in this implementation's own words. */
final class Usage {

    private Usage() {
    }

    static String general() {
        return """
                swtpm-java: a TPM emulator compatible with swtpm.

                Usage: swtpm socket [options]
                       swtpm -v|--version
                """;
    }

    static String socket() {
        return """
                Usage: swtpm socket [options]

                Options:
                --tpm2                   emulate a TPM 2.0 (this implementation has no TPM 1.2 yet)
                --tpmstate dir=<dir>[,mode=0<octal>][,lock[=true|false]]|backend-uri=dir://<dir>
                                         where the TPM state is kept (default: $TPM_PATH)
                --tpmstate backend-uri=file://<path>[,mode=0<octal>][,lock[=true|false]]
                                         all state in one file or block device (swtpm's linear
                                         format); locked only with lock
                --ctrl type=unixio[,path=<path>][,fd=<fd>|clientfd=<fd>][,mode=0<octal>][,uid=<uid>][,gid=<gid>][,terminate]
                --ctrl type=tcp[,port=<port>[,bindaddr=<address>]][,fd=<fd>][,terminate]
                                         the control channel (CMD_* commands, swtpm_ioctl, QEMU)
                --server [type=tcp][,port=<port>[,bindaddr=<address>]][,fd=<fd>][,disconnect]
                --server type=unixio[,path=<path>][,fd=<fd>][,mode=0<octal>][,uid=<uid>][,gid=<gid>]
                                         a data channel for TPM commands
                -p|--port <port>         data channel on this TCP port, closed after each response
                -f|--fd <fd>             data channel on this already connected descriptor
                -t|--terminate           exit when the data connection goes away
                --flags [not-need-init][,startup-clear|startup-state|startup-none][,disable-auto-shutdown]
                                         start the TPM without CMD_INIT, and optionally send TPM2_Startup
                --locality [reject-locality-4][,allow-set-locality]
                --key file=<path>|fd=<fd>[,format=hex|binary][,mode=aes-cbc|aes-128-cbc|aes-256-cbc][,remove[=true|false]]
                --key pwdfile=<path>|pwdfd=<fd>[,mode=...][,kdf=pbkdf2|sha512][,remove[=true|false]]
                                         encrypt the state files with this key or passphrase
                --migration-key ...      the same forms: encrypt state blobs that leave (migration)
                --migration [incoming][,release-lock-outgoing]
                --log file=<path>|fd=<fd>[,level=<n>][,prefix=<text>][,truncate]
                                         level 20 and above logs every command and response in hex
                --pid file=<path>|fd=<fd>
                -d|--daemon              detach once the sockets listen
                -r|--runas <user>        accepted; privileges are not dropped by this implementation
                --seccomp action=none|kill|log
                                         accepted and ignored
                --print-capabilities     print the supported features as JSON and exit
                --print-states           print the stored state objects as JSON and exit
                -h|--help                this text
                """;
    }
}
