package dev.medsec.checks.crypto;

import dev.medsec.code.csrc.CCall;
import dev.medsec.code.csrc.CSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an argument of a C call is fixed at build time: a string literal, a const initialised array, or an
 * array no code of its scope ever fills. Shared by the static-IV and hard-coded-key checks, which ask the same
 * question of different arguments of the same calls.
 */
final class ConstantArguments {
    /** Calls that never fill an array passed to them. */
    private static final Set<String> READ_ONLY = Set.of("sizeof", "printf", "fprintf", "memcmp", "EVP_EncryptUpdate",
            "EVP_EncryptFinal_ex", "EVP_CipherUpdate", "EVP_CIPHER_CTX_ctrl", "fwrite", "write", "send", "strlen");

    private ConstantArguments() {
    }

    /**
     * Why argument {@code idx} of {@code call} is constant, or empty when it may be set at run time.
     *
     * @param consumers calls that only consume such an argument (the crypto set-up calls themselves): passing the
     *                  array to one of them does not fill it
     */
    static Optional<String> why(CSource src, CCall call, int idx, Set<String> consumers) {
        if (idx >= call.args().size()) {
            return Optional.empty();
        }
        if (call.argIsStringLiteral(idx)) {
            return Optional.of("a string literal");
        }
        Optional<String> var = call.argVariable(idx);
        return var.flatMap(v -> constantArray(src, src.arrayDeclarations(), call, v, consumers));
    }

    private static Optional<String> constantArray(CSource src, List<CSource.ArrayDecl> decls, CCall at, String var,
                                                  Set<String> consumers) {
        Optional<CSource.ArrayDecl> local = decls.stream()
                .filter(d -> d.name().equals(var) && d.function().equals(at.function())).findFirst();
        Optional<CSource.ArrayDecl> decl = local.isPresent() ? local
                : decls.stream().filter(d -> d.name().equals(var) && d.function().isEmpty()).findFirst();
        if (decl.isEmpty()) {
            return Optional.empty();
        }
        CSource.ArrayDecl d = decl.get();
        if (d.isConst() && d.initialised()) {
            return Optional.of("a constant array declared at line " + d.line());
        }
        // A file-scope array may be filled by any function of the file; a local one only by its own.
        boolean global = d.function().isEmpty();
        boolean filled = src.calls().stream().anyMatch(c -> (global || c.function().equals(at.function())) && c != at
                && !consumers.contains(c.name()) && !READ_ONLY.contains(c.name())
                && c.args().stream().anyMatch(a -> a.stream().anyMatch(t -> t.isIdentifier(var))))
                || src.elementAssigned(global ? CSource.ANY_FUNCTION : at.function(), var);
        if (filled) {
            return Optional.empty();
        }
        return Optional.of(d.initialised() ? "an array initialised with constants at line " + d.line()
                + " and never refilled" : "an array declared at line " + d.line() + " and never filled");
    }
}
