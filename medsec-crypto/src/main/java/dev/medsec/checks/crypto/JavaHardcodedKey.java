package dev.medsec.checks.crypto;

import dev.medsec.code.jvm.Arg;
import dev.medsec.code.jvm.CallSite;
import dev.medsec.code.jvm.JavaClassCheck;
import dev.medsec.code.jvm.JavaClassFacts;
import dev.medsec.code.jvm.JvmFinding;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

@CheckInfo(id = "crypto.java-hardcoded-key", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {321, 798},
        summary = "Java code builds a SecretKeySpec from bytes fixed in the class (hard-coded key)",
        remediation = "Generate keys per device (KeyGenerator) and keep them in a keystore backed by the secure "
                + "element or TEE; never ship a key in the code.")
public final class JavaHardcodedKey extends JavaClassCheck {
    @Override
    protected void inspect(JavaClassFacts f, Artifact artifact, Findings out) {
        for (CallSite c : f.calls()) {
            if (c.is("javax/crypto/spec/SecretKeySpec", "<init>") && c.arg(0).isConstantArray()) {
                // Never the key bytes themselves in evidence, only where they are.
                String alg = c.args().get(c.args().size() - 1).string().orElse("?");
                JvmFinding.at(out, artifact, f, c).evidence("algorithm", alg)
                        .evidence("keySource", c.arg(0).kind() == Arg.Kind.ZERO_ARRAY ? "zero-array" : "constant")
                        .message("SecretKeySpec(" + alg + ") in " + f.javaName() + "." + c.method()
                                + " is built from a key fixed in the class")
                        .key(f.className() + "#" + c.method() + "#" + c.line()).report();
            }
        }
    }
}
