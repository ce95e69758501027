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

@CheckInfo(id = "crypto.java-static-iv", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {1204, 329},
        summary = "Java code builds an IV or GCM nonce from a constant or never-filled array",
        remediation = "Fill every IV/nonce from SecureRandom.nextBytes (12 bytes for GCM) per message and send it "
                + "with the ciphertext; never reuse a nonce under one key.")
public final class JavaStaticIv extends JavaClassCheck {
    @Override
    protected void inspect(JavaClassFacts f, Artifact artifact, Findings out) {
        for (CallSite c : f.calls()) {
            if (!c.name().equals("<init>")) {
                continue;
            }
            Arg iv;
            if (c.owner().equals("javax/crypto/spec/IvParameterSpec")) {
                iv = c.arg(0);
            } else if (c.owner().equals("javax/crypto/spec/GCMParameterSpec")) {
                iv = c.arg(1);
            } else {
                continue;
            }
            if (iv.isConstantArray()) {
                String how = iv.kind() == Arg.Kind.ZERO_ARRAY ? "an array that is never filled (all zeros)"
                        : "a constant array";
                String spec = c.owner().substring(c.owner().lastIndexOf('/') + 1);
                JvmFinding.at(out, artifact, f, c).evidence("ivSource", iv.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .message(spec + " in " + f.javaName() + "." + c.method() + " is built from " + how)
                        .key(f.className() + "#" + c.method() + "#" + spec + "#" + c.line()).report();
            }
        }
    }
}
