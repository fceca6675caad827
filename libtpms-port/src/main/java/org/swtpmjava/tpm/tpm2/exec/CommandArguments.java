package org.swtpmjava.tpm.tpm2.exec;

/** A command's handle area and its parameter reader. */
public final class CommandArguments {
    private final int[] handles;
    private final ParameterReader parameters;

    CommandArguments(int[] handles, ParameterReader parameters) {
        this.handles = handles.clone();
        this.parameters = parameters;
    }

    /** Handle {@code index} (0-based) of the handle area. */
    public int handle(int index) {
        return handles[index];
    }

    public int handleCount() {
        return handles.length;
    }

    public ParameterReader parameters() {
        return parameters;
    }
}
