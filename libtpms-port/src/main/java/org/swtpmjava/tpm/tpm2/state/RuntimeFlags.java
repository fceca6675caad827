package org.swtpmjava.tpm.tpm2.state;

import org.swtpmjava.tpm.tpm2.types.TpmSu;

/**
 * Volatile-only TPM state that lives in RAM between _TPM_Init and power off (the reference's
 * g_* globals); saved only in the volatile blob.
 */
public final class RuntimeFlags {
    private boolean started;
    private boolean phEnable;
    private int prevOrderlyState = TpmSu.NONE_VALUE;
    private boolean startupLocality3;
    private boolean drtmPreStartup;
    private boolean daUsed;
    private boolean pcrReconfigured;
    private long time;
    private boolean failureMode;
    private int failCode;

    public RuntimeFlags copy() {
        RuntimeFlags copy = new RuntimeFlags();
        copy.started = started;
        copy.phEnable = phEnable;
        copy.prevOrderlyState = prevOrderlyState;
        copy.startupLocality3 = startupLocality3;
        copy.drtmPreStartup = drtmPreStartup;
        copy.daUsed = daUsed;
        copy.pcrReconfigured = pcrReconfigured;
        copy.time = time;
        copy.failureMode = failureMode;
        copy.failCode = failCode;
        return copy;
    }

    /** TPMIsStarted: TPM2_Startup completed since _TPM_Init. */
    public boolean started() { return started; }
    public void setStarted(boolean value) { started = value; }

    /** g_phEnable: set on every Startup, cleared only by HierarchyControl. */
    public boolean phEnable() { return phEnable; }
    public void setPhEnable(boolean value) { phEnable = value; }

    /** g_prevOrderlyState: the shutdown type seen by the last Startup (without flags). */
    public int prevOrderlyState() { return prevOrderlyState; }
    public void setPrevOrderlyState(int value) { prevOrderlyState = value; }

    public boolean startupLocality3() { return startupLocality3; }
    public void setStartupLocality3(boolean value) { startupLocality3 = value; }

    /** g_DrtmPreStartup: an H-CRTM sequence ended before Startup. */
    public boolean drtmPreStartup() { return drtmPreStartup; }
    public void setDrtmPreStartup(boolean value) { drtmPreStartup = value; }

    public boolean daUsed() { return daUsed; }
    public void setDaUsed(boolean value) { daUsed = value; }

    /** g_pcrReConfig: PCR_Allocate ran, so Shutdown(STATE) is refused. */
    public boolean pcrReconfigured() { return pcrReconfigured; }
    public void setPcrReconfigured(boolean value) { pcrReconfigured = value; }

    /** g_time: milliseconds since _TPM_Init. */
    public long time() { return time; }
    public void setTime(long value) { time = value; }

    public boolean failureMode() { return failureMode; }
    public int failCode() { return failCode; }

    public void enterFailureMode(int code) {
        failureMode = true;
        failCode = code;
    }
}
