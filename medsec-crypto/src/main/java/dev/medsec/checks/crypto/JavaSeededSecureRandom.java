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

@CheckInfo(id = "crypto.java-seeded-securerandom", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {336, 337},
        summary = "Java code seeds SecureRandom with a constant, which can make its output predictable",
        remediation = "Use new SecureRandom() or SecureRandom.getInstanceStrong() without a seed; let the "
                + "provider seed itself from the operating system.")
public final class JavaSeededSecureRandom extends JavaClassCheck {
    @Override
    protected void inspect(JavaClassFacts f, Artifact artifact, Findings out) {
        for (CallSite c : f.calls()) {
            boolean seeding = c.owner().equals("java/security/SecureRandom")
                    && ((c.name().equals("<init>") && c.desc().equals("([B)V")) || c.name().equals("setSeed"));
            Arg seed = c.arg(0);
            if (seeding && (seed.isConstantArray() || seed.kind() == Arg.Kind.LONG || seed.kind() == Arg.Kind.INT)) {
                JvmFinding.at(out, artifact, f, c)
                        .message("SecureRandom." + (c.name().equals("<init>") ? "<init>" : "setSeed") + " in "
                                + f.javaName() + "." + c.method() + " is given a constant seed")
                        .key(f.className() + "#" + c.method() + "#" + c.line()).report();
            }
        }
    }
}
