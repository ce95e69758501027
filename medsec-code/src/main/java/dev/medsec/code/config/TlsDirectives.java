package dev.medsec.code.config;

import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS settings of the servers and libraries devices commonly ship, read from their configuration files:
 * OpenSSL (openssl.cnf), nginx, lighttpd, mosquitto and stunnel. Each dialect knows its file locations, its
 * comment syntax and which directives set protocol versions and cipher lists.
 */
public final class TlsDirectives {
    /** What a directive sets. */
    public enum Meaning {
        /** The lowest protocol version allowed (a single name). */
        MIN_PROTOCOL,
        /** The protocol versions enabled (a list of names). */
        PROTOCOLS,
        /** An OpenSSL-syntax cipher list. */
        CIPHERS,
        /** A switch that enables SSLv2/SSLv3 when set to enable/yes. */
        ENABLE_SSL
    }

    public enum Dialect {
        OPENSSL, NGINX, LIGHTTPD, MOSQUITTO, STUNNEL
    }

    public record Directive(Dialect dialect, String name, String value, Meaning meaning, int line) {
    }

    private record Rule(Pattern pattern, Meaning meaning) {
    }

    private TlsDirectives() {
    }

    public static Optional<Dialect> dialectOf(Artifact a) {
        String p = a.innerPath();
        if (p.endsWith("/openssl.cnf")) {
            return Optional.of(Dialect.OPENSSL);
        }
        if (p.startsWith("/etc/nginx/") && !p.endsWith("/mime.types")) {
            return Optional.of(Dialect.NGINX);
        }
        if (p.startsWith("/etc/lighttpd/") && p.endsWith(".conf")) {
            return Optional.of(Dialect.LIGHTTPD);
        }
        if (p.startsWith("/etc/mosquitto/") && p.endsWith(".conf")) {
            return Optional.of(Dialect.MOSQUITTO);
        }
        if (p.startsWith("/etc/stunnel/") && p.endsWith(".conf")) {
            return Optional.of(Dialect.STUNNEL);
        }
        return Optional.empty();
    }

    private static List<Rule> rules(Dialect d) {
        return switch (d) {
            case OPENSSL -> List.of(
                    new Rule(Pattern.compile("(?i)^\\s*(MinProtocol)\\s*=\\s*(.+)$"), Meaning.MIN_PROTOCOL),
                    new Rule(Pattern.compile("(?i)^\\s*(CipherString)\\s*=\\s*(.+)$"), Meaning.CIPHERS));
            case NGINX -> List.of(
                    new Rule(Pattern.compile("(?:^|[\\s{;])((?:proxy_|grpc_|uwsgi_)?ssl_protocols)\\s+([^;]+);"), Meaning.PROTOCOLS),
                    new Rule(Pattern.compile("(?:^|[\\s{;])((?:proxy_|grpc_|uwsgi_)?ssl_ciphers)\\s+([^;]+);"), Meaning.CIPHERS));
            case LIGHTTPD -> List.of(
                    new Rule(Pattern.compile("^\\s*(ssl\\.use-sslv[23])\\s*=\\s*\"?(\\w+)\"?"), Meaning.ENABLE_SSL),
                    new Rule(Pattern.compile("^\\s*(ssl\\.cipher-list)\\s*=\\s*\"([^\"]*)\""), Meaning.CIPHERS),
                    new Rule(Pattern.compile("(?i)\"(MinProtocol)\"\\s*=>\\s*\"([^\"]*)\""), Meaning.MIN_PROTOCOL),
                    new Rule(Pattern.compile("(?i)\"(CipherString)\"\\s*=>\\s*\"([^\"]*)\""), Meaning.CIPHERS));
            case MOSQUITTO -> List.of(
                    new Rule(Pattern.compile("^\\s*(tls_version)\\s+(\\S+)"), Meaning.MIN_PROTOCOL),
                    new Rule(Pattern.compile("^\\s*(ciphers)\\s+(\\S+)"), Meaning.CIPHERS));
            case STUNNEL -> List.of(
                    new Rule(Pattern.compile("(?i)^\\s*(sslVersionMin)\\s*=\\s*(\\S+)"), Meaning.MIN_PROTOCOL),
                    new Rule(Pattern.compile("(?i)^\\s*(sslVersion)\\s*=\\s*(\\S+)"), Meaning.PROTOCOLS),
                    new Rule(Pattern.compile("(?i)^\\s*(ciphers)\\s*=\\s*(\\S+)"), Meaning.CIPHERS));
        };
    }

    public static List<Directive> read(Artifact a, Dialect d) throws IOException {
        List<Directive> out = new ArrayList<>();
        List<Rule> rules = rules(d);
        int n = 0;
        for (String raw : SshdConfig.text(a).split("\n", -1)) {
            n++;
            String line = stripComment(raw, d);
            if (line.isBlank()) {
                continue;
            }
            for (Rule r : rules) {
                Matcher m = r.pattern().matcher(line);
                if (m.find()) {
                    out.add(new Directive(d, m.group(1), m.group(2).trim(), r.meaning(), n));
                }
            }
        }
        return out;
    }

    /** Removes a comment that is not inside quotes. */
    static String stripComment(String line, Dialect d) {
        boolean quoted = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == quote) {
                    quoted = false;
                }
            } else if (c == '"' || c == '\'') {
                quoted = true;
                quote = c;
            } else if (c == '#' || (c == ';' && d == Dialect.STUNNEL && line.substring(0, i).isBlank())) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Version order for a minimum-protocol comparison; -1 for names that are not versions ("None", "DTLSv1"). */
    public static int rank(String protocol) {
        return switch (protocol.toLowerCase(Locale.ROOT).replace('_', '.').replace("\"", "")) {
            case "sslv2" -> 0;
            case "sslv3" -> 1;
            case "tlsv1", "tlsv1.0", "tls1", "tls1.0" -> 2;
            case "tlsv1.1", "tls1.1" -> 3;
            case "tlsv1.2", "tls1.2" -> 4;
            case "tlsv1.3", "tls1.3" -> 5;
            default -> -1;
        };
    }
}
