package dev.medsec.checks.sensitive;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values that appear where a secret goes but are not one: documentation examples, template variables,
 * format strings, empty or masked values. Flagging them would teach users to ignore the check.
 */
public final class Placeholders {
    private static final Set<String> WORDS = Set.of(
            "changeme", "change_me", "change-me", "changeit", "password", "passwd", "secret", "token", "apikey",
            "api_key", "your_password", "yourpassword", "your-password", "your_token", "your_api_key", "mypassword",
            "example", "sample", "dummy", "test", "testing", "none", "null", "nil", "undefined", "true", "false",
            "yes", "no", "on", "off", "empty", "default", "required", "optional", "redacted", "hidden", "todo",
            "fixme", "placeholder", "insert", "replace", "replaceme", "notset", "not_set", "unset", "foo", "bar",
            "foobar", "xxx", "string", "value", "prompt", "ask", "file", "env");

    /** ${VAR}, $VAR, $(cmd), {{ var }}, %s, %(name)s, <token>, @VAR@, [secret], ENV[...], os.environ... */
    private static final Pattern TEMPLATE = Pattern.compile(
            "^(?:\\$\\{.*}|\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\(.*\\)|\\{\\{.*}}|\\{[A-Za-z0-9_.]*}|%[-0-9.]*[sdif]"
                    + "|%\\([A-Za-z0-9_]+\\)[sdif]|<[^<>]*>|@[A-Za-z0-9_]+@|\\[[^\\[\\]]*]|%[A-Za-z0-9_]+%"
                    + "|(?:ENV|env|os\\.environ|process\\.env|getenv).*)$");
    private static final Pattern MASK = Pattern.compile("^(.)\\1+$|^[xX*._#-]{3,}$");
    private static final Pattern EXAMPLE_MARKER = Pattern.compile(
            "(?i)example|sample|dummy|placeholder|changeme|change_me|your[_-]|xxxx|\\*\\*\\*|redacted|insert[_-]|replace[_-]?me|<|>|&lt;|&gt;");

    private Placeholders() {
    }

    public static boolean isPlaceholder(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return true;
        }
        if (WORDS.contains(v.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return TEMPLATE.matcher(v).matches() || MASK.matcher(v).matches() || EXAMPLE_MARKER.matcher(v).find()
                || v.contains("${") || v.contains("{{");
    }
}
