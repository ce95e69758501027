package dev.medsec.cli.scan;

import dev.medsec.core.Component;
import dev.medsec.core.Finding;
import dev.medsec.core.ScanError;
import dev.medsec.core.catalog.Cataloger;
import dev.medsec.profile.DeviceProfile;
import dev.medsec.report.triage.FindingTriage;
import dev.medsec.sbom.catalog.Origins;
import dev.medsec.core.check.Check;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.ContentCheck;
import dev.medsec.core.check.ContentEngine;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.FindingCollector;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.unpack.ImageBuilder;
import dev.medsec.unpack.Sandbox;
import dev.medsec.unpack.UnpackResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scan pipeline: unpack, catalog, then classify, hash and check every artifact in parallel while the
 * whole-image checks run beside them. One artifact's crash or timeout becomes an error entry, never a failed
 * scan. The result is a pure function of the target's bytes, the checks and the settings.
 */
public final class ScanEngine {
    /** Joined after unpacking: the caller may still be making (and preparing) the checks meanwhile. */
    private final java.util.concurrent.CompletableFuture<List<Check>> pendingChecks;
    /**
     * The content automaton of the checks, built (and its loop warmed up, see {@link JitWarmUp}) on a thread of its
     * own while the target is still unpacking, not after unpacking on the scan's own path.
     */
    private final java.util.concurrent.CompletableFuture<ContentEngine> pendingContent;
    private List<Check> checks = List.of();
    private final List<Cataloger> catalogers;
    /** The scan's --scan-timeout deadline (nanoTime), Long.MAX_VALUE without one. */
    private volatile long deadline = Long.MAX_VALUE;
    /** Checks abandoned when the deadline passed. */
    private volatile int abandonedAtDeadline;
    private final EngineOptions options;
    /** Wall time spent inside each check, summed over threads; reported as the slowest checks. */
    private final Map<String, java.util.concurrent.atomic.LongAdder> checkNanos = new java.util.concurrent.ConcurrentHashMap<>();

    public ScanEngine(List<Check> checks, List<Cataloger> catalogers, EngineOptions options) {
        this(java.util.concurrent.CompletableFuture.completedFuture(checks), catalogers, options);
    }

    /** @param checks made elsewhere, perhaps still in progress; the scan waits for them after unpacking */
    public ScanEngine(java.util.concurrent.CompletableFuture<List<Check>> checks, List<Cataloger> catalogers,
                      EngineOptions options) {
        this.pendingChecks = checks;
        this.pendingContent = checks.thenApplyAsync(cs -> {
            ContentEngine content = contentEngine(cs);
            JitWarmUp.run(content);
            return content;
        }, ScanEngine::onOwnThread);
        this.catalogers = List.copyOf(catalogers);
        this.options = options;
    }

    /**
     * Scans {@code target} using {@code sandbox} for unpacked content; the caller closes the sandbox after it
     * has written whatever still needs the content (reports, SBOMs).
     *
     * @throws IOException only when the target itself cannot be read
     */
    public ScanOutcome scan(Path target, ScanSettings settings, Sandbox sandbox, Progress progress) throws IOException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        progress.stage("unpack", 0);
        // The target's own digest (report.json's target.sha256) streams the whole file: for a disk image of a GiB
        // that is seconds of one core, so it runs beside the unpacking, not after the checks.
        java.util.concurrent.CompletableFuture<String> targetDigest = Files.isDirectory(target) ? null
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return fileSha256(target);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, ScanEngine::onOwnThread);
        // --scan-timeout: at the deadline unpacking stops (writes fail, tools are killed) and checks still queued
        // are abandoned; the report says so and the gate fails, so a partial scan never passes as a whole one.
        long deadline = options.scanTimeout().isZero() ? Long.MAX_VALUE : t0 + options.scanTimeout().toNanos();
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        Thread timer = null;
        if (deadline != Long.MAX_VALUE) {
            timer = new Thread(() -> {
                try {
                    Thread.sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
                    timedOut.set(true);
                    sandbox.stop();
                } catch (InterruptedException e) {
                    // the scan finished first
                }
            }, "medsec-scan-timeout");
            timer.setDaemon(true);
            timer.start();
        }
        this.deadline = deadline;
        UnpackResult unpacked = new ImageBuilder(sandbox, options.threads()).build(target);
        checks = List.copyOf(pendingChecks.join());
        long tUnpacked = System.nanoTime();
        Image image = new Image(target.toString(), unpacked.artifacts(), settings);
        List<ScanError> errors = Collections.synchronizedList(new ArrayList<>(unpacked.errors()));

        PriorityPool pool = new PriorityPool(Math.max(1, options.threads()), daemonThreads());
        try {
            Map<Check, FindingCollector> collectors = new IdentityHashMap<>();
            for (Check c : checks) {
                collectors.put(c, new FindingCollector(CheckMetadata.of(c), settings));
            }
            long tCataloged = runChecks(image, pool, collectors, errors, progress, unpacked.opened());
            long tChecked = System.nanoTime();
            List<Finding> findings = new ArrayList<>();
            Map<String, Object> sections = new TreeMap<>();
            for (FindingCollector c : collectors.values()) {
                findings.addAll(c.findings());
                errors.addAll(c.errors());
                sections.putAll(c.sections());
            }
            long files = 0;
            long bytes = 0;
            Map<String, Long> byType = new TreeMap<>();
            for (Artifact a : image.artifacts()) {
                if (a.hasContent()) {
                    files++;
                    bytes += a.size();
                    byType.merge(a.type().label(), 1L, Long::sum);
                }
            }
            String sha;
            try {
                sha = targetDigest != null ? targetDigest.join() : targetSha256(target, image);
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
            }
            // Where the time went, for users tuning budgets and for us (report section "timings").
            Map<String, Long> timings = new java.util.LinkedHashMap<>();
            timings.put("unpackMs", (tUnpacked - t0) / 1_000_000);
            timings.put("catalogMs", (tCataloged - tUnpacked) / 1_000_000);
            timings.put("checkMs", (tChecked - tCataloged) / 1_000_000);
            Map<String, Long> slowest = new java.util.LinkedHashMap<>();
            checkNanos.entrySet().stream()
                    .sorted((x, y) -> Long.compare(y.getValue().sum(), x.getValue().sum())).limit(10)
                    .forEach(e -> slowest.put(e.getKey(), e.getValue().sum() / 1_000_000));
            Map<String, Object> all = new java.util.LinkedHashMap<>(timings);
            all.put("slowestChecksMs", slowest);
            sections.put("timings", all);
            sections.put("coverage", unpacked.coverage());
            if (timer != null) {
                timer.interrupt();
            }
            if (timedOut.get() || System.nanoTime() > deadline) {
                Map<String, Object> stopped = new java.util.LinkedHashMap<>();
                stopped.put("reason", "--scan-timeout");
                stopped.put("afterSeconds", options.scanTimeout().toSeconds());
                stopped.put("checksNotCompleted", abandonedAtDeadline);
                sections.put("scanStopped", stopped);
                errors.add(new ScanError("/", ScanError.Stage.CHECK, "scan stopped by --scan-timeout after "
                        + options.scanTimeout().toSeconds() + " s: the report covers only what was reached ("
                        + abandonedAtDeadline + " artifact or image checks not completed)"));
            }
            List<Finding> checked = noteUnopened(dedupe(findings), unpacked.coverage());
            long tTriage = System.nanoTime();
            FindingTriage.Result triaged = triage(image, checked, errors);
            all.put("triageMs", (System.nanoTime() - tTriage) / 1_000_000);
            sections.put("triage", triaged.summary());
            progress.done();
            return new ScanOutcome(image, triaged.findings(), new ArrayList<>(errors), sections,
                    unpacked.targetType(), sha,
                    started, (System.nanoTime() - t0) / 1_000_000, files, bytes, byType, checked);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Origin, severity in context and SOUP roll-up (see {@link FindingTriage}), with the ownership rules and the
     * platform's enforced protections from the device profile.
     */
    private FindingTriage.Result triage(Image image, List<Finding> checked, List<ScanError> errors) {
        Origins.Rules rules = Origins.Rules.NONE;
        java.util.Set<String> enforced = java.util.Set.of();
        try {
            java.util.Optional<DeviceProfile> profile = DeviceProfile.of(image);
            if (profile.isPresent()) {
                DeviceProfile p = profile.get();
                rules = new Origins.Rules(p.firstParty(), p.soup().stream().map(s -> new Origins.SoupPath(s.path(),
                        s.component(), s.version(), s.supplier())).toList());
                enforced = java.util.Set.copyOf(p.platform().enforces());
            }
        } catch (dev.medsec.profile.InvalidProfileException e) {
            // validated before the scan started; a profile changed since is reported, and the triage runs without it
            errors.add(new ScanError("/", ScanError.Stage.CHECK, "device profile: " + e.getMessage()));
        }
        Origins origins = Origins.of(image, rules);
        Map<String, CheckMetadata> meta = new java.util.HashMap<>();
        for (Check c : checks) {
            CheckMetadata m = CheckMetadata.of(c);
            meta.put(m.id(), m);
        }
        FindingTriage triage = new FindingTriage(origins::of, f -> {
            Object name = f.evidence().get("component");
            Object version = f.evidence().get("version");
            return name == null || version == null ? java.util.Optional.empty()
                    : origins.component(name.toString(), version.toString());
        }, meta, enforced);
        return triage.apply(checked);
    }

    private static void onOwnThread(Runnable r) {
        Thread t = new Thread(r, "medsec-content");
        t.setDaemon(true);
        t.start();
    }

    private static ContentEngine contentEngine(List<Check> checks) {
        List<ContentCheck> content = new ArrayList<>();
        for (Check c : checks) {
            if (c instanceof ContentCheck cc) {
                content.add(cc);
            }
        }
        return new ContentEngine(content);
    }

    private List<Future<List<Component>>> startCatalogers(Image image, PriorityPool pool, List<ScanError> errors) {
        List<Future<List<Component>>> futures = new ArrayList<>();
        for (Cataloger c : catalogers) {
            futures.add(pool.submit(PriorityPool.CATALOG, () -> c.catalog(image, errors::add)));
        }
        return futures;
    }

    private void awaitCatalogers(Image image, List<Future<List<Component>>> futures, List<ScanError> errors) {
        for (int i = 0; i < futures.size(); i++) {
            try {
                image.addComponents(futures.get(i).get(options.imageCheckTimeout().toMillis(), TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                futures.get(i).cancel(true);
                errors.add(new ScanError("/", ScanError.Stage.CATALOG, catalogers.get(i).name() + ": timed out"));
            } catch (java.util.concurrent.ExecutionException e) {
                errors.add(new ScanError("/", ScanError.Stage.CATALOG, catalogers.get(i).name() + ": " + e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Catalogers first, then every file's checks, then (once the components are known) the image checks, which
     * outrank the file tasks still queued. File checks do not read components, so they need not wait.
     *
     * @return when the catalogers were done (nanoTime)
     */
    private long runChecks(Image image, PriorityPool pool, Map<Check, FindingCollector> collectors,
                           List<ScanError> errors, Progress progress, java.util.Set<String> opened) {
        List<Future<List<Component>>> cataloging = startCatalogers(image, pool, errors);
        List<FileCheck> fileChecks = new ArrayList<>();
        List<ImageCheck> imageChecks = new ArrayList<>();
        for (Check c : checks) {
            if (c instanceof FileCheck f) {
                fileChecks.add(f);
            } else if (c instanceof ImageCheck ic) {
                imageChecks.add(ic);
            }
        }
        ContentEngine content;
        try {
            content = pendingContent.join();
        } catch (java.util.concurrent.CompletionException e) {
            // A check set whose patterns cannot form one automaton is a programming error: report it as such.
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        Map<ContentCheck, FindingCollector> contentCollectors = new IdentityHashMap<>();
        content.checks().forEach(c -> contentCollectors.put(c, collectors.get(c)));

        List<Artifact> files = image.files().toList();
        progress.stage("check", files.size() + imageChecks.size());
        List<Task> tasks = new ArrayList<>();
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(imageChecks.size() + files.size());
        for (Artifact a : files) {
            Task t = new Task(a.path(), "checks", options.artifactTimeout(), finished);
            tasks.add(t);
            t.future = pool.submit(PriorityPool.FILE, () -> {
                t.start();
                try {
                    inspect(a, fileChecks, collectors, content, contentCollectors, errors, checkNanos, opened.contains(a.path()));
                } finally {
                    t.finish();
                    progress.advance();
                }
            });
        }
        awaitCatalogers(image, cataloging, errors);
        long cataloged = System.nanoTime();
        for (ImageCheck ic : imageChecks) {
            Task t = new Task(image.target(), CheckMetadata.of(ic).id(), options.imageCheckTimeout(), finished);
            tasks.add(t);
            t.future = pool.submit(PriorityPool.IMAGE_CHECK, () -> {
                t.start();
                long s0 = System.nanoTime();
                try {
                    ic.inspect(image, collectors.get(ic));
                    charge(ic, s0);
                } catch (IOException | RuntimeException e) {
                    collectors.get(ic).error("/", "failed: " + e);
                } finally {
                    t.finish();
                    progress.advance();
                }
            });
        }
        abandonedAtDeadline = watch(tasks, finished, errors, deadline);
        return cataloged;
    }

    private void charge(Check c, long startNanos) {
        checkNanos.computeIfAbsent(c.getClass().getSimpleName(), k -> new java.util.concurrent.atomic.LongAdder())
                .add(System.nanoTime() - startNanos);
    }

    private static void inspect(Artifact a, List<FileCheck> fileChecks, Map<Check, FindingCollector> collectors,
                                ContentEngine content, Map<ContentCheck, FindingCollector> contentCollectors,
                                List<ScanError> errors, Map<String, java.util.concurrent.atomic.LongAdder> nanos,
                                boolean openedContainer) {
        try {
            a.type();
            if (!openedContainer) {
                // an opened container (a disk image, a partition) is not hashed: its members are, and hashing a
                // GiB of partition would map it whole
                a.sha256();
            }
        } catch (IOException | RuntimeException e) {
            errors.add(new ScanError(a.path(), ScanError.Stage.CLASSIFY, "not readable: " + e.getMessage()));
            return;
        }
        // An opened container's bytes are checked through its members (and its unexplained regions, which are
        // members too): byte scans of the container itself would report every member's findings twice. A carved
        // blob is nothing but its members, so no file check reads it either.
        if (openedContainer && a.type() == dev.medsec.core.classify.FileType.OTHER) {
            return;
        }
        for (FileCheck fc : fileChecks) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            FindingCollector out = collectors.get(fc);
            try {
                if (fc.appliesTo(a)) {
                    long s0 = System.nanoTime();
                    fc.inspect(a, out);
                    nanos.computeIfAbsent(fc.getClass().getSimpleName(), k -> new java.util.concurrent.atomic.LongAdder())
                            .add(System.nanoTime() - s0);
                }
            } catch (IOException | RuntimeException | StackOverflowError e) {
                out.error(a.path(), "failed: " + e);
            }
        }
        if (openedContainer) {
            return;
        }
        try {
            long s0 = System.nanoTime();
            content.scan(a, contentCollectors);
            nanos.computeIfAbsent("(content pass)", k -> new java.util.concurrent.atomic.LongAdder())
                    .add(System.nanoTime() - s0);
        } catch (IOException | RuntimeException e) {
            errors.add(new ScanError(a.path(), ScanError.Stage.CHECK, "content scan failed: " + e.getMessage()));
        }
    }

    /**
     * Waits for every task; abandons (interrupts) those that outrun their budget and records why. The budgets are
     * checked every 200 ms while this thread sleeps on the tasks' common latch: the watcher costs no CPU the
     * workers could use.
     */
    private static int watch(List<Task> tasks, java.util.concurrent.CountDownLatch finished, List<ScanError> errors,
                             long deadline) {
        List<Task> pending = new ArrayList<>(tasks);
        try {
            while (!finished.await(200, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                if (now > deadline) {
                    // --scan-timeout: everything not done yet is abandoned, counted in one entry by the caller
                    int abandoned = 0;
                    for (Task t : pending) {
                        if (!t.future.isDone()) {
                            t.future.cancel(true);
                            abandoned++;
                        }
                    }
                    return abandoned;
                }
                pending.removeIf(t -> {
                    if (t.future.isDone()) {
                        return true;
                    }
                    if (t.overdue(now)) {
                        t.future.cancel(true);
                        errors.add(new ScanError(t.path, ScanError.Stage.CHECK,
                                t.what + " abandoned after " + t.budget.toSeconds() + " s (per-artifact time budget)"));
                        return true;
                    }
                    return false;
                });
                if (pending.isEmpty()) {
                    return 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static final class Task {
        final String path;
        final String what;
        final Duration budget;
        volatile Future<?> future;
        volatile long startedAt;
        private final java.util.concurrent.CountDownLatch finished;

        Task(String path, String what, Duration budget, java.util.concurrent.CountDownLatch finished) {
            this.path = path;
            this.what = what;
            this.budget = budget;
            this.finished = finished;
        }

        void start() {
            startedAt = System.nanoTime();
        }

        void finish() {
            startedAt = -1;
            finished.countDown();
        }

        boolean overdue(long now) {
            long s = startedAt;
            return s > 0 && now - s > budget.toNanos();
        }
    }

    /**
     * A finding on a container that was recognised but not opened, or on a blob no reader understood, says so in
     * its evidence: it came from byte scans over the whole container (a "custom AES table" found in a flash dump
     * may be the kernel's), not from a member that was identified.
     */
    static List<Finding> noteUnopened(List<Finding> findings, dev.medsec.core.Coverage coverage) {
        Map<String, String> unopened = new java.util.HashMap<>();
        coverage.notOpened().forEach(n -> unopened.put(n.path(), n.format() + " recognised but not opened: " + n.reason()));
        coverage.containers().stream().filter(c -> c.format().equals("unknown") && c.unexplained() > 0)
                .forEach(c -> unopened.putIfAbsent(c.path(), "no reader recognises this file's format ("
                        + c.unexplained() + " bytes unexplained); found by byte scans over the whole file"));
        if (unopened.isEmpty()) {
            return findings;
        }
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            String note = unopened.get(f.path());
            if (note == null) {
                out.add(f);
            } else {
                Map<String, Object> evidence = new java.util.LinkedHashMap<>(f.evidence());
                evidence.putIfAbsent("container", note);
                out.add(new Finding(f.id(), f.checkId(), f.principle(), f.severity(), f.cwe(), f.path(), f.message(), evidence,
                        f.remediation()));
            }
        }
        return out;
    }

    /** A finding reported twice (same id) is kept once. */
    private static List<Finding> dedupe(List<Finding> findings) {
        Map<String, Finding> byId = new java.util.LinkedHashMap<>();
        for (Finding f : findings) {
            byId.putIfAbsent(f.id(), f);
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * SHA-256 of the target file; for a directory, of the sorted "sha256  path" lines of its files, so the same
     * tree gives the same value wherever it sits.
     */
    static String targetSha256(Path target, Image image) throws IOException {
        MessageDigest md = sha256();
        if (Files.isDirectory(target)) {
            List<String> lines = new ArrayList<>();
            for (Artifact a : image.artifacts()) {
                if (a.layer().isEmpty() && a.hasContent()) {
                    String digest;
                    try {
                        digest = a.sha256();
                    } catch (IOException e) {
                        // an unreadable file is an error entry of its own (classify stage); the tree's digest goes on
                        digest = "unreadable";
                    }
                    lines.add(digest + "  " + a.innerPath() + "\n");
                }
            }
            Collections.sort(lines);
            lines.forEach(l -> md.update(l.getBytes(StandardCharsets.UTF_8)));
        } else {
            return fileSha256(target);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String fileSha256(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "medsec-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
