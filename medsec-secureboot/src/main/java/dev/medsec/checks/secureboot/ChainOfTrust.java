package dev.medsec.checks.secureboot;

import dev.medsec.attacksurface.kernel.KernelConfigSources;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.secureboot.fit.ControlDtbKeys;
import dev.medsec.secureboot.fit.FitImage;
import dev.medsec.secureboot.fit.FitKey;
import dev.medsec.secureboot.fit.FitVerifier;
import dev.medsec.secureboot.modsig.KernelModules;
import dev.medsec.secureboot.modsig.ModuleSignature;
import dev.medsec.secureboot.pe.Authenticode;
import dev.medsec.secureboot.pe.PeFile;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.secureboot.verity.VerityParams;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds the chain of trust of the image, stage by stage as the source article draws it (boot ROM, bootloader,
 * kernel, modules, root filesystem): which artifacts make each stage, what signs or hashes them, with which key,
 * and where the chain breaks. Writes the report's "chainOfTrust" section and reports the first break.
 */
@CheckInfo(id = "secureboot.chain-of-trust", soup = SoupTreatment.KEEP, principle = Principle.HARDWARE_SECURITY, severity = Severity.HIGH,
        cwe = {1326, 345}, summary = "The secure-boot chain of trust breaks: a boot stage is loaded without verification",
        remediation = "Sign or hash the stage named in the finding and have the previous stage verify it (FIT"
                + " configuration signatures, UEFI Authenticode, CONFIG_MODULE_SIG_FORCE, dm-verity root hash in"
                + " the signed boot image).")
public final class ChainOfTrust implements ImageCheck {
    /** One stage of the chain, as written in report.json. */
    /**
     * @param breaking the artifacts that break the stage (unsigned, unverifiable), a subset of {@code artifacts}:
     *                 the finding names the first of them, not the first artifact of the stage
     */
    public record Stage(String stage, String status, List<String> artifacts, String protection, List<String> keys,
                        String note, List<String> breaking) {
        public Stage {
            artifacts = List.copyOf(artifacts);
            keys = List.copyOf(keys);
            breaking = breaking == null ? List.of() : List.copyOf(breaking);
        }

        public Stage(String stage, String status, List<String> artifacts, String protection, List<String> keys,
                     String note) {
            this(stage, status, artifacts, protection, keys, note, List.of());
        }
    }

    /** uImage types that are a kernel (or may hold one): ih_type KERNEL, MULTI, KERNEL_NOLOAD. */
    private static final java.util.Set<Integer> KERNEL_UIMAGE_TYPES = java.util.Set.of(2, 4, 14);

    /**
     * A uImage is what its ih_type says: a ramdisk, boot script or firmware blob is not a kernel stage. Its
     * header is 64 bytes, ih_type at offset 30.
     */
    static boolean isKernelUImage(Artifact a) throws IOException {
        if (a.size() < 64) {
            return false;
        }
        java.nio.ByteBuffer b = a.bytes();
        return KERNEL_UIMAGE_TYPES.contains(b.get(b.position() + 30) & 0xff);
    }

    static final String VERIFIED = "verified";
    static final String SIGNED = "signed";
    static final String UNSIGNED = "unsigned";
    static final String UNKNOWN = "unknown";
    static final String ABSENT = "not found";

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        List<Artifact> fdts = new ArrayList<>();
        List<Artifact> pes = new ArrayList<>();
        List<Artifact> kernels = new ArrayList<>();
        List<Artifact> modules = new ArrayList<>();
        List<Artifact> bootloaders = new ArrayList<>();
        List<Artifact> verityTrees = new ArrayList<>();
        List<Artifact> firmwareModules = new ArrayList<>();
        List<Artifact> variableStores = new ArrayList<>();
        for (Artifact a : (Iterable<Artifact>) image.files()::iterator) {
            String name = a.fileName().toLowerCase(Locale.ROOT);
            FileType t = a.type();
            if (t == FileType.FDT) {
                fdts.add(a);
            } else if (t == FileType.PE && UefiFirmwareStage.insideFirmwareVolume(image, a)) {
                // a DXE driver or PEI module of the platform firmware, not a loader that secure boot verifies
                firmwareModules.add(a);
            } else if (t == FileType.PE) {
                pes.add(a);
            }
            if (t == FileType.OTHER && new UefiSetupMode().appliesTo(a)) {
                variableStores.add(a);
            } else if (t == FileType.LINUX_KERNEL || t == FileType.UIMAGE && isKernelUImage(a)) {
                kernels.add(a);
            }
            if (name.endsWith(".ko") || name.endsWith(".ko.xz") || name.endsWith(".ko.zst") || name.endsWith(".ko.gz")) {
                modules.add(a);
            }
            if (name.startsWith("u-boot") || name.equals("mlo") || name.contains("spl") && name.endsWith(".bin")) {
                bootloaders.add(a);
            }
            if (t == FileType.OTHER && a.size() >= VerityParams.SUPERBLOCK_SIZE && VerityParams.hasSuperblock(a.bytes(), 0)) {
                verityTrees.add(a);
            }
        }
        List<FitKey> keys = new ArrayList<>();
        List<String> keyDtbs = new ArrayList<>();
        List<Artifact> fits = new ArrayList<>();
        for (Artifact a : fdts) {
            if (FitChecks.fit(a).isPresent()) {
                fits.add(a);
            } else if (FitChecks.controlDtb(a).isPresent()) {
                try {
                    keys.addAll(ControlDtbKeys.read(FitChecks.controlDtb(a).get()));
                    keyDtbs.add(a.path());
                } catch (MalformedFormatException e) {
                    out.error(a.path(), e.getMessage());
                }
            }
        }
        List<Stage> stages = new ArrayList<>();
        stages.add(bootloaderStage(bootloaders, pes, keys, keyDtbs, out));
        stages.add(kernelStage(fits, kernels, pes, keys, out));
        stages.add(moduleStage(image, modules, out));
        stages.add(rootfsStage(image, verityTrees));
        // Added after the first four so that consumers reading stages by position keep working; it is judged by
        // its own checks (setup mode, test platform key), never as the break of the chain.
        stages.add(UefiFirmwareStage.stage(firmwareModules, variableStores, out));
        out.section("chainOfTrust", Map.of("stages", stages, "breaksAt", breakOf(stages).map(Stage::stage).orElse("")));
        Optional<Stage> broken = breakOf(stages);
        // A root filesystem alone says nothing about how it is booted: report a break only when the image holds
        // a boot stage (bootloader or kernel); the section still shows every stage.
        boolean bootStagePresent = !stages.get(0).status().equals(ABSENT) || !stages.get(1).status().equals(ABSENT);
        if (broken.isPresent() && bootStagePresent) {
            Stage s = broken.get();
            // pinned to what breaks the chain (the unsigned kernel), not to the stage's first artifact (which may be
            // a correctly signed FIT beside it)
            List<String> culprits = s.breaking().isEmpty() ? s.artifacts() : s.breaking();
            String where = culprits.isEmpty() ? image.target() : culprits.get(0);
            out.at(where.startsWith("/") ? where : "/").message("chain of trust breaks at the " + s.stage() + " stage: " + s.note()
                            + (culprits.size() > 1 ? " (" + culprits.size() + " artifacts)" : ""))
                    .evidence("stage", s.stage()).evidence("status", s.status())
                    .evidence("breakingArtifacts", culprits)
                    .evidence("artifacts", s.artifacts()).key(s.stage()).report();
        }
    }

    /** The first stage present in the image that nothing verifies. */
    static Optional<Stage> breakOf(List<Stage> stages) {
        return stages.stream().filter(s -> s.status().equals(UNSIGNED)).findFirst();
    }

    private static Stage bootloaderStage(List<Artifact> bootloaders, List<Artifact> pes, List<FitKey> keys,
                                         List<String> keyDtbs, Findings out) {
        List<String> paths = new ArrayList<>(bootloaders.stream().map(Artifact::path).toList());
        List<String> signers = new ArrayList<>();
        List<String> unsignedLoaders = new ArrayList<>();
        for (Artifact a : pes) {
            if (!isEfiLoader(a)) {
                continue;
            }
            paths.add(a.path());
            List<String> s = peSigners(a, out);
            if (s.isEmpty()) {
                unsignedLoaders.add(a.path());
            }
            signers.addAll(s);
        }
        boolean unsignedEfi = !unsignedLoaders.isEmpty();
        if (paths.isEmpty()) {
            return new Stage("bootloader", ABSENT, List.of(), "", List.of(), "no U-Boot or EFI loader found");
        }
        List<String> k = new ArrayList<>(signers);
        keys.forEach(key -> k.add(key + " in " + String.join(", ", keyDtbs)));
        if (unsignedEfi) {
            return new Stage("bootloader", UNSIGNED, paths, "none", k, "an EFI loader carries no Authenticode signature",
                    unsignedLoaders);
        }
        return new Stage("bootloader", signers.isEmpty() ? UNKNOWN : SIGNED, paths,
                signers.isEmpty() ? "verified by the SoC boot ROM (vendor-specific, not checked here)" : "UEFI Authenticode",
                k, keys.isEmpty() ? "no FIT verification keys in a control DTB" : "U-Boot carries FIT verification keys");
    }

    private static boolean isEfiLoader(Artifact a) {
        String p = a.innerPath().toLowerCase(Locale.ROOT);
        return p.endsWith(".efi") || p.endsWith(".efi.signed") || p.contains("/efi/");
    }

    /** The signers of a PE's Authenticode signatures; a PE that does not parse is an error entry, read as unsigned. */
    private static List<String> peSigners(Artifact a, Findings errors) {
        try {
            PeFile pe = a.view(PeFile.VIEW);
            List<String> out = new ArrayList<>();
            for (Authenticode.SignatureInfo s : Authenticode.describe(pe)) {
                out.add(s.signers().isEmpty() ? "?" : s.signers().get(0));
            }
            return out;
        } catch (IOException e) {
            errors.error(a.path(), e.getMessage() + "; its Authenticode signature cannot be read, so it counts as unsigned");
            return List.of();
        }
    }

    private static Stage kernelStage(List<Artifact> fits, List<Artifact> kernels, List<Artifact> pes, List<FitKey> keys,
                                     Findings out) {
        List<String> paths = new ArrayList<>();
        List<String> breaking = new ArrayList<>();
        java.util.Set<String> protection = new java.util.LinkedHashSet<>();
        java.util.Set<String> k = new java.util.LinkedHashSet<>();
        boolean unsigned = false;
        boolean allVerified = true;
        for (Artifact a : fits) {
            paths.add(a.path());
            FitImage fit = FitChecks.fit(a).orElseThrow();
            for (FdtNode conf : fit.configurations()) {
                List<FdtNode> sigs = FitImage.signatureNodes(conf);
                if (sigs.isEmpty()) {
                    unsigned = true;
                    if (!breaking.contains(a.path())) {
                        breaking.add(a.path());
                    }
                    continue;
                }
                sigs.forEach(s -> {
                    protection.add("FIT " + conf.name() + ": " + s.string("algo").orElse("?"));
                    s.string("key-name-hint").ifPresent(h -> k.add("key-name-hint " + h));
                });
            }
            if (keys.isEmpty()) {
                allVerified = false;
            } else {
                try {
                    FitVerifier.verify(fit, keys);
                } catch (ChainVerificationException | MalformedFormatException e) {
                    allVerified = false;
                }
            }
        }
        for (Artifact a : pes) {
            String n = a.fileName().toLowerCase(Locale.ROOT);
            if (n.startsWith("vmlinuz") || n.startsWith("bzimage")) {
                paths.add(a.path());
                List<String> s = peSigners(a, out);
                if (s.isEmpty()) {
                    unsigned = true;
                    breaking.add(a.path());
                } else {
                    protection.add("UEFI Authenticode");
                    k.addAll(s);
                }
                allVerified = false;
            }
        }
        for (Artifact a : kernels) {
            paths.add(a.path());
            breaking.add(a.path());
            unsigned = true;
        }
        if (paths.isEmpty()) {
            return new Stage("kernel", ABSENT, List.of(), "", List.of(), "no FIT image or kernel found");
        }
        if (unsigned) {
            return new Stage("kernel", UNSIGNED, paths, String.join("; ", protection), List.copyOf(k),
                    "a kernel or FIT configuration is loaded without a signature", breaking);
        }
        return new Stage("kernel", allVerified ? VERIFIED : SIGNED, paths, String.join("; ", protection), List.copyOf(k),
                allVerified ? "verified with the control DTB keys in the image"
                        : keys.isEmpty() ? "signed; no control DTB key in the image to verify with"
                        : "signed, but not every image verifies with the control DTB keys in the image");
    }

    private static Stage moduleStage(Image image, List<Artifact> modules, Findings out) {
        if (modules.isEmpty()) {
            return new Stage("modules", ABSENT, List.of(), "", List.of(), "no kernel modules found");
        }
        int signed = 0;
        List<String> unsignedPaths = new ArrayList<>();
        TreeSet<String> signers = new TreeSet<>();
        for (Artifact m : modules) {
            try {
                java.nio.ByteBuffer content = KernelModules.content(m.bytes());
                Optional<ModuleSignature> sig = ModuleSignature.parse(content);
                if (sig.isPresent()) {
                    signed++;
                    if (signers.size() < 5) {
                        dev.medsec.secureboot.modsig.ModuleVerifier.parse(content, sig.get()).getSignerInfos().getSigners()
                                .forEach(s -> signers.add(dev.medsec.secureboot.verify.CmsVerifier.describe(s)));
                    }
                } else if (unsignedPaths.size() < 20) {
                    unsignedPaths.add(m.path());
                }
            } catch (IOException | RuntimeException e) {
                out.error(m.path(), "module signature: " + e.getMessage());
            }
        }
        List<KernelConfigSources.Located> configs = KernelConfigSources.find(image).configs();
        boolean enforced = configs.stream().anyMatch(l -> l.config().isEnabled("CONFIG_MODULE_SIG_FORCE"));
        String note = signed + " of " + modules.size() + " modules signed; CONFIG_MODULE_SIG_FORCE "
                + (configs.isEmpty() ? "unknown (no kernel configuration found)" : enforced ? "set" : "not set");
        if (signed < modules.size()) {
            return new Stage("modules", UNSIGNED, unsignedPaths, "module PKCS#7 signatures", List.copyOf(signers), note);
        }
        // Signed modules only protect when the kernel refuses unsigned ones; without a configuration we cannot tell.
        boolean breaks = !configs.isEmpty() && !enforced;
        return new Stage("modules", breaks ? UNSIGNED : SIGNED, modules.stream().limit(20).map(Artifact::path).toList(),
                "module PKCS#7 signatures", List.copyOf(signers), breaks ? note + ": unsigned modules would still load" : note);
    }

    private static Stage rootfsStage(Image image, List<Artifact> verityTrees) {
        List<KernelConfigSources.Located> configs = KernelConfigSources.find(image).configs();
        boolean verityKernel = configs.stream().anyMatch(l -> l.config().isEnabled("CONFIG_DM_VERITY"));
        List<String> paths = verityTrees.stream().map(Artifact::path).toList();
        if (!paths.isEmpty()) {
            return new Stage("rootfs", SIGNED, paths, "dm-verity hash tree", List.of(),
                    "dm-verity hash tree present" + (verityKernel ? "; kernel supports dm-verity" : ""));
        }
        if (configs.isEmpty()) {
            return new Stage("rootfs", UNKNOWN, List.of(), "", List.of(),
                    "no dm-verity hash tree in the image and no kernel configuration to tell whether dm-verity is used");
        }
        return new Stage("rootfs", verityKernel ? UNKNOWN : UNSIGNED, List.of(), verityKernel ? "dm-verity (kernel)" : "none",
                List.of(), verityKernel ? "kernel supports dm-verity; no hash tree found in the image"
                        : "no dm-verity hash tree and no dm-verity in the kernel configuration");
    }
}
