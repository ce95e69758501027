package dev.medsec.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Firmware images made by the real tools, shared by the unpack tests and the end-to-end scan tests. */
public final class ImageFixtures {
    private ImageFixtures() {
    }

    /**
     * A NOR flash dump as a field engineer reads it, written into {@code dir}/flash.bin (4 MiB of erased flash):
     * <pre>
     *   0x000000  64 KiB of random bytes (a bootloader no reader knows)
     *   0x040000  U-Boot environment, mkenvimage -s 0x10000 (bootdelay=0)
     *   0x050000  uImage kernel, gzip (mkimage -T kernel -C gzip), 40,000 zero bytes inside
     *   0x100000  unsigned FIT (mkimage -f) with one kernel image
     *   0x200000  squashfs root (mksquashfs) with /etc/hostname "device" and an empty root password in /etc/passwd
     * </pre>
     */
    public static Path norFlashDump(Path dir) throws Exception {
        for (String t : new String[] {"mkimage", "mkenvimage", "mksquashfs", "dtc"}) {
            Tools.require(t);
        }
        Path tree = Files.createDirectories(dir.resolve("flash-root/etc"));
        Files.writeString(tree.resolve("hostname"), "device\n");
        Files.writeString(tree.resolve("passwd"), "root::0:0:root:/root:/bin/sh\n");
        Files.writeString(dir.resolve("env.txt"), "bootdelay=0\nbootcmd=bootm 0x50000\nbootargs=console=ttyS0\n");
        Files.write(dir.resolve("kernel.bin"), new byte[40_000]);
        Files.writeString(dir.resolve("fit.its"), """
                /dts-v1/;
                / { description = "unsigned"; #address-cells = <1>;
                    images { kernel-1 { data = /incbin/("kernel.bin"); type = "kernel"; arch = "arm"; os = "linux";
                                        compression = "none"; load = <0x80000>; entry = <0x80000>;
                                        hash-1 { algo = "sha256"; }; }; };
                    configurations { default = "conf-1"; conf-1 { kernel = "kernel-1"; }; }; };
                """);
        Tools.sh(dir, String.join(" && ",
                "head -c 65536 /dev/urandom > spl.bin",
                "mkenvimage -s 0x10000 -o env.bin env.txt",
                "gzip -9 -c kernel.bin > kernel.bin.gz",
                "mkimage -A arm -O linux -T kernel -C gzip -a 0x8000 -e 0x8000 -d kernel.bin.gz kernel.uimg >/dev/null",
                "mkimage -f fit.its kernel.itb >/dev/null",
                "mksquashfs flash-root root.sqfs -quiet -noappend -all-root >/dev/null",
                "tr '\\000' '\\377' < /dev/zero | head -c 4194304 > flash.bin",
                "dd if=spl.bin of=flash.bin conv=notrunc status=none",
                "dd if=env.bin of=flash.bin bs=65536 seek=4 conv=notrunc status=none",
                "dd if=kernel.uimg of=flash.bin bs=65536 seek=5 conv=notrunc status=none",
                "dd if=kernel.itb of=flash.bin bs=65536 seek=16 conv=notrunc status=none",
                "dd if=root.sqfs of=flash.bin bs=65536 seek=32 conv=notrunc status=none"));
        return dir.resolve("flash.bin");
    }
}
