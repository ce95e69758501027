package dev.medsec.cli;

import dev.medsec.core.catalog.Cataloger;
import dev.medsec.core.check.Check;

import java.util.List;

/**
 * Every built-in check, in one explicit list sorted by class name within each principle. Adding a check is
 * one line here plus its class and test. (ServiceLoader is kept for third-party plugins only.)
 */
public final class BuiltInChecks {
    private BuiltInChecks() {
    }

    public static List<Check> all() {
        return List.of(
                // Principle 1: hardware security
                new dev.medsec.checks.secureboot.ChainOfTrust(),
                new dev.medsec.checks.secureboot.ControlDtbKeyNotRequired(),
                new dev.medsec.checks.secureboot.FitMixAndMatch(),
                new dev.medsec.checks.secureboot.FitSignatureInvalid(),
                new dev.medsec.checks.secureboot.FitUnsigned(),
                new dev.medsec.checks.secureboot.FitWeakAlgorithm(),
                new dev.medsec.checks.secureboot.HardwareSecurityInventory(),
                new dev.medsec.checks.secureboot.KernelNoDmVerity(),
                new dev.medsec.checks.secureboot.KernelNoIma(),
                new dev.medsec.checks.secureboot.UBootEnvOpenConsole(),
                new dev.medsec.checks.secureboot.UBootEnvVerifyDisabled(),
                new dev.medsec.checks.secureboot.UefiSetupMode(),
                new dev.medsec.checks.secureboot.UefiTestPlatformKey(),
                new dev.medsec.evidence.checks.HardwareAnalyzerFinding(),

                // Principle 2: toolchain hardening
                new dev.medsec.checks.hardening.CompileCommandsAudit(),
                new dev.medsec.checks.hardening.DwarfProducerAudit(),
                new dev.medsec.checks.hardening.ExecutableStack(),
                new dev.medsec.checks.hardening.HardeningInventory(),
                new dev.medsec.checks.hardening.IncompleteRelro(),
                new dev.medsec.checks.hardening.NoAarch64BranchProtection(),
                new dev.medsec.checks.hardening.NoStackCanary(),
                new dev.medsec.checks.hardening.NoX86Cet(),
                new dev.medsec.checks.hardening.NotFortified(),
                new dev.medsec.checks.hardening.NotPositionIndependent(),
                new dev.medsec.checks.hardening.SymbolsNotStripped(),
                new dev.medsec.checks.hardening.TextRelocations(),
                new dev.medsec.checks.hardening.UnsafeRunPath(),
                new dev.medsec.checks.hardening.WritableExecutableSegment(),
                new dev.medsec.evidence.checks.HardeningAnalyzerFinding(),

                // Principle 3: attack surface
                new dev.medsec.checks.attacksurface.ConsoleWithoutLogin(),
                new dev.medsec.checks.attacksurface.InsecureService(),
                new dev.medsec.checks.attacksurface.InterfaceInventory(),
                new dev.medsec.checks.attacksurface.KernelAttackSurface(),
                new dev.medsec.checks.attacksurface.KernelCommandLineHardening(),
                new dev.medsec.checks.attacksurface.KernelSelfProtection(),
                new dev.medsec.checks.attacksurface.KernelUserSpaceHardening(),
                new dev.medsec.checks.attacksurface.ServiceInventoryReport(),
                new dev.medsec.checks.attacksurface.SetuidInventory(),
                new dev.medsec.checks.attacksurface.SysctlHardening(),
                new dev.medsec.checks.attacksurface.UnneededInterface(),
                new dev.medsec.checks.attacksurface.WorldWritableDirectory(),
                new dev.medsec.checks.attacksurface.WorldWritableFile(),
                new dev.medsec.checks.soup.EndOfSupport(),
                new dev.medsec.checks.vuln.KnownVulnerability(),
                new dev.medsec.evidence.checks.AttackSurfaceAnalyzerFinding(),

                // Principle 4: untrusted input
                new dev.medsec.checks.input.CSqlInjection(),
                new dev.medsec.checks.input.CTlsVerificationDisabled(),
                new dev.medsec.checks.input.CWeakTlsVersion(),
                new dev.medsec.checks.input.ConfigPeerVerificationDisabled(),
                new dev.medsec.checks.input.ElfDangerousFunctions(),
                new dev.medsec.checks.input.JavaAcceptAllHostnames(),
                new dev.medsec.checks.input.JavaSqlInjection(),
                new dev.medsec.checks.input.JavaTrustAllCertificates(),
                new dev.medsec.checks.input.JavaWeakTlsProtocol(),
                new dev.medsec.checks.input.ScriptTlsVerificationDisabled(),
                new dev.medsec.checks.input.ScriptUnverifiedUpdate(),
                new dev.medsec.checks.input.SshWeakAuthentication(),
                new dev.medsec.checks.input.UpdateManifestWeakDigest(),
                new dev.medsec.evidence.checks.FuzzCrash(),
                new dev.medsec.evidence.checks.FuzzHang(),
                new dev.medsec.evidence.checks.FuzzingMissing(),
                new dev.medsec.evidence.checks.InputAnalyzerFinding(),

                // Principle 5: memory management
                new dev.medsec.evidence.checks.MemoryAnalyzerFinding(),
                new dev.medsec.memory.checks.DoubleFree(),
                new dev.medsec.memory.checks.FishyArgument(),
                new dev.medsec.memory.checks.InvalidFree(),
                new dev.medsec.memory.checks.InvalidRead(),
                new dev.medsec.memory.checks.InvalidWrite(),
                new dev.medsec.memory.checks.MemoryLeak(),
                new dev.medsec.memory.checks.NullDereference(),
                new dev.medsec.memory.checks.OtherMemoryError(),
                new dev.medsec.memory.checks.OverlappingCopy(),
                new dev.medsec.memory.checks.StillReachable(),
                new dev.medsec.memory.checks.UndefinedBehaviour(),
                new dev.medsec.memory.checks.UninitialisedValue(),
                new dev.medsec.memory.checks.UseAfterFree(),

                // Principle 6: sensitive data
                new dev.medsec.checks.sensitive.DicomPhiCheck(),
                new dev.medsec.checks.sensitive.EmptyPasswordCheck(),
                new dev.medsec.checks.sensitive.EncryptedStoreCheck(),
                new dev.medsec.checks.sensitive.FhirPhiCheck(),
                new dev.medsec.checks.sensitive.Hl7PhiCheck(),
                new dev.medsec.checks.sensitive.KeyOutsideSecureStorageCheck(),
                new dev.medsec.checks.sensitive.KeystoreTrivialPasswordCheck(),
                new dev.medsec.checks.sensitive.MultipleRootAccountsCheck(),
                new dev.medsec.checks.sensitive.PasswordHashInPasswdCheck(),
                new dev.medsec.checks.sensitive.PrivateKeyDerCheck(),
                new dev.medsec.checks.sensitive.PrivateKeyPemCheck(),
                new dev.medsec.checks.sensitive.SecretTokenCheck(),
                new dev.medsec.checks.sensitive.SqlitePhiCheck(),
                new dev.medsec.checks.sensitive.UnencryptedPhiStorageCheck(),
                new dev.medsec.checks.sensitive.WeakPasswordHashCheck(),
                new dev.medsec.evidence.checks.SensitiveDataAnalyzerFinding(),

                // Principle 7: strong cryptography
                new dev.medsec.checks.crypto.CHardcodedKey(),
                new dev.medsec.checks.crypto.CStaticIv(),
                new dev.medsec.checks.crypto.CWeakPrimitives(),
                new dev.medsec.checks.crypto.CertInventory(),
                new dev.medsec.checks.crypto.CertLeafIsCa(),
                new dev.medsec.checks.crypto.CertValidity(),
                new dev.medsec.checks.crypto.CertWeakKey(),
                new dev.medsec.checks.crypto.CertWeakSignature(),
                new dev.medsec.checks.crypto.CryptoInventory(),
                new dev.medsec.checks.crypto.ElfWeakPrimitives(),
                new dev.medsec.checks.crypto.HomemadeCrypto(),
                new dev.medsec.checks.crypto.JavaHardcodedKey(),
                new dev.medsec.checks.crypto.JavaSeededSecureRandom(),
                new dev.medsec.checks.crypto.JavaStaticIv(),
                new dev.medsec.checks.crypto.JavaWeakCipher(),
                new dev.medsec.checks.crypto.JavaWeakDigest(),
                new dev.medsec.checks.crypto.JavaWeakSignature(),
                new dev.medsec.checks.crypto.SshWeakAlgorithms(),
                new dev.medsec.checks.crypto.TlsWeakConfig(),
                new dev.medsec.evidence.checks.CryptoAnalyzerFinding()

        );
    }

    /** Component catalogers, run before the checks. */
    public static List<Cataloger> catalogers() {
        return List.of(
                new dev.medsec.sbom.catalog.ApkCataloger(),
                new dev.medsec.sbom.catalog.BinaryClassifierCataloger(),
                new dev.medsec.sbom.catalog.BuildManifestCataloger(),
                new dev.medsec.sbom.catalog.DpkgCataloger(),
                new dev.medsec.sbom.catalog.JavaArchiveCataloger(),
                new dev.medsec.sbom.catalog.NpmPackageCataloger(),
                new dev.medsec.sbom.catalog.OpkgCataloger(),
                new dev.medsec.sbom.catalog.PythonPackageCataloger(),
                new dev.medsec.sbom.catalog.RpmCataloger()
        );
    }
}
