package dev.revguard.common.settings;

import java.util.List;

/** Bad configuration: one line per setting that is wrong, each saying which and why. */
public class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
