package dev.medsec.attacksurface.kernel;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Device trees compiled by dtc and FIT images made by mkimage, as a board's boot partition holds them. */
class FdtBootargsTest {
    @TempDir
    Path tmp;

    private static final String DTS = "/dts-v1/;\n/ {\n  model = \"pump\";\n  chosen {\n"
            + "    bootargs = \"console=ttymxc0,115200 root=/dev/mmcblk2p2 init=/bin/sh\";\n"
            + "    stdout-path = \"serial0:115200n8\";\n  };\n  memory@80000000 { device_type = \"memory\"; };\n};\n";

    private Path dtb() {
        Tools.require("dtc");
        Tools.sh(tmp, "cat > board.dts <<'X'\n" + DTS + "X\ndtc -I dts -O dtb -o board.dtb board.dts 2>/dev/null");
        return tmp.resolve("board.dtb");
    }

    @Test
    void find_dtbFromDtc_readsChosenBootargs() throws Exception {
        List<FdtBootargs.Found> f = FdtBootargs.find(ByteBuffer.wrap(Files.readAllBytes(dtb())));
        assertThat(f).containsExactly(new FdtBootargs.Found("/chosen/bootargs",
                "console=ttymxc0,115200 root=/dev/mmcblk2p2 init=/bin/sh"));
    }

    @Test
    void find_fitImageFromMkimage_readsTheEmbeddedTree() throws Exception {
        Tools.require("mkimage");
        Path dtb = dtb();
        byte[] kernel = new byte[4096];
        new Random(1).nextBytes(kernel);
        Files.write(tmp.resolve("Image"), kernel);
        Files.writeString(tmp.resolve("image.its"), "/dts-v1/;\n/ {\n  description = \"test\";\n  images {\n"
                + "    kernel-1 { data = /incbin/(\"Image\"); type = \"kernel\"; arch = \"arm64\"; os = \"linux\";"
                + " compression = \"none\"; load = <0x80000>; entry = <0x80000>; };\n"
                + "    fdt-1 { data = /incbin/(\"" + dtb.getFileName() + "\"); type = \"flat_dt\"; arch = \"arm64\";"
                + " compression = \"none\"; };\n  };\n  configurations {\n    default = \"conf-1\";\n"
                + "    conf-1 { kernel = \"kernel-1\"; fdt = \"fdt-1\"; };\n  };\n};\n");
        Tools.sh(tmp, "mkimage -f image.its image.itb >/dev/null");
        Artifact a = Artifact.ofFile("", "/boot/image.itb", FileMeta.of(EntryKind.FILE, 0644, 0, 0),
                tmp.resolve("image.itb"));
        List<CommandLineSources.Source> s = CommandLineSources.find(new Image("t", List.of(a), ScanSettings.defaults()));
        assertThat(s).hasSize(1);
        assertThat(s.get(0).where()).isEqualTo("/images/fdt-1/data:/chosen/bootargs");
        assertThat(s.get(0).cmdline().params()).containsEntry("init", "/bin/sh");
    }

    @Test
    void find_truncatedOrCorruptTree_noResultNoException() throws Exception {
        byte[] b = Files.readAllBytes(dtb());
        for (int cut = 0; cut < b.length; cut += 7) {
            FdtBootargs.find(ByteBuffer.wrap(java.util.Arrays.copyOf(b, cut)));
        }
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] m = b.clone();
            m[8 + r.nextInt(m.length - 8)] = (byte) r.nextInt();
            FdtBootargs.find(ByteBuffer.wrap(m));
        }
        assertThat(FdtBootargs.find(ByteBuffer.allocate(10))).isEmpty();
    }

    @Test
    void find_treeWithoutChosen_isEmpty() throws Exception {
        Tools.require("dtc");
        Tools.sh(tmp, "echo '/dts-v1/; / { model = \"x\"; };' > n.dts && dtc -I dts -O dtb -o n.dtb n.dts 2>/dev/null");
        assertThat(FdtBootargs.find(ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("n.dtb"))))).isEmpty();
    }
}
