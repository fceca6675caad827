package org.swtpmjava.swtpm.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code name[=value],...} option string parsed with swtpm's rules
 * (swtpm-protocol.md §1.1): a bare name means "true", {@code name={...}} may hold commas
 * inside balanced braces, an empty value or an unknown name is an error, and when a name
 * repeats the first occurrence wins.
 */
public final class KeyValueOptions {

    private final Map<String, String> values;

    private KeyValueOptions(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code text} accepting only the given names; messages as swtpm's ("Unknown option 'x'"). */
    public static KeyValueOptions parse(String text, Set<String> names) throws OptionException {
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int end = tokenEnd(text, i);
            String token = text.substring(i, end);
            int eq = token.indexOf('=');
            String name = eq < 0 ? token : token.substring(0, eq);
            String value = eq < 0 ? "true" : token.substring(eq + 1);
            if (!names.contains(name) || value.isEmpty()) {
                throw new OptionException("Unknown option '" + token + "'");
            }
            values.putIfAbsent(name, value);
            i = end + 1;
        }
        return new KeyValueOptions(values);
    }

    /** End of the token starting at {@code from}: the next comma outside braces. */
    private static int tokenEnd(String text, int from) throws OptionException {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        if (depth != 0) {
            throw new OptionException("Unknown option '" + text.substring(from) + "'");
        }
        return text.length();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name) {
        return values.get(name);
    }

    /** swtpm's boolean: "true" or "1" in any case; anything else is false. Absent gives the default. */
    public boolean bool(String name, boolean dflt) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        return v.equalsIgnoreCase("true") || v.equals("1");
    }

    /** A decimal integer (strtol base 10), or null if absent. */
    public Integer integer(String name) throws OptionException {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v, 10);
        } catch (NumberFormatException e) {
            throw new OptionException("invalid number '" + v + "'");
        }
    }

    /** A non-negative decimal integer (fd numbers, ports before their range check), or null. */
    public Integer unsigned(String name) throws OptionException {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        Integer n = v.startsWith("-") ? null : integer(name);
        if (n == null) {
            throw new OptionException("invalid number '" + v + "'");
        }
        return n;
    }

    /** An octal file mode of at most 0777, or null if absent. */
    public Integer mode(String name) throws OptionException {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            int mode = Integer.parseInt(v, 8);
            if (v.startsWith("-") || v.startsWith("+") || mode > 0777) {
                throw new NumberFormatException();
            }
            return mode;
        } catch (NumberFormatException e) {
            throw new OptionException("invalid mode type '" + v + "'");
        }
    }
}
