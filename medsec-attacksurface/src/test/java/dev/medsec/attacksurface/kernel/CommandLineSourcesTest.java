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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineSourcesTest {
    @TempDir
    Path tmp;

    private final List<Artifact> artifacts = new ArrayList<>();

    private void file(String imagePath, String content) throws Exception {
        Path p = tmp.resolve("f" + artifacts.size());
        Files.writeString(p, content);
        artifacts.add(Artifact.ofFile("", imagePath, FileMeta.of(EntryKind.FILE, 0644, 0, 0), p));
    }

    private List<CommandLineSources.Source> find() {
        return CommandLineSources.find(new Image("t", artifacts, ScanSettings.defaults()));
    }

    @Test
    void binaryEnv_madeByMkenvimage_crcVerifiedAndVariablesExpanded() throws Exception {
        Tools.require("mkenvimage");
        Files.writeString(tmp.resolve("env.txt"), "console=ttyS0,115200\nbootargs=console=${console} "
                + "root=/dev/mmcblk0p2 init_on_alloc=1 slab_nomerge\nbootcmd=run distro_bootcmd\n");
        Tools.sh(tmp, "mkenvimage -s 0x4000 -o uboot.env env.txt");
        artifacts.add(Artifact.ofFile("", "/boot/uboot.env", FileMeta.of(EntryKind.FILE, 0644, 0, 0),
                tmp.resolve("uboot.env")));
        List<CommandLineSources.Source> s = find();
        assertThat(s).hasSize(1);
        assertThat(s.get(0).where()).isEqualTo("bootargs");
        assertThat(s.get(0).cmdline().params()).containsEntry("console", "ttyS0,115200")
                .containsEntry("init_on_alloc", "1").containsKey("slab_nomerge");
        assertThat(s.get(0).cmdline().consoles()).containsExactly("ttyS0");
    }

    @Test
    void binaryEnv_redundantFormat_flagByteSkipped() throws Exception {
        Tools.require("mkenvimage");
        Files.writeString(tmp.resolve("env.txt"), "bootargs=quiet lockdown=confidentiality\n");
        Tools.sh(tmp, "mkenvimage -r -s 0x2000 -o env.bin env.txt");
        Map<String, String> env = CommandLineSources.binaryEnv(ByteBuffer.wrap(
                Files.readAllBytes(tmp.resolve("env.bin")))).orElseThrow();
        assertThat(env).containsEntry("bootargs", "quiet lockdown=confidentiality");
    }

    @Test
    void binaryEnv_badCrc_isNotAnEnvironment() throws Exception {
        Tools.require("mkenvimage");
        Files.writeString(tmp.resolve("env.txt"), "bootargs=quiet\n");
        Tools.sh(tmp, "mkenvimage -s 0x1000 -o env.bin env.txt");
        byte[] b = Files.readAllBytes(tmp.resolve("env.bin"));
        b[10] ^= 1;
        assertThat(CommandLineSources.binaryEnv(ByteBuffer.wrap(b))).isEmpty();
        assertThat(CommandLineSources.binaryEnv(ByteBuffer.allocate(3))).isEmpty();
    }

    @Test
    void extlinux_eachLabelIsASource() throws Exception {
        file("/boot/extlinux/extlinux.conf", "DEFAULT linux\nLABEL linux\n  KERNEL /Image\n"
                + "  APPEND root=/dev/mmcblk0p2 rw\nLABEL rescue\n  KERNEL /Image\n  APPEND init=/bin/sh\n");
        List<CommandLineSources.Source> s = find();
        assertThat(s).extracting(CommandLineSources.Source::where).containsExactly("label linux", "label rescue");
        assertThat(s.get(1).cmdline().params()).containsEntry("init", "/bin/sh");
    }

    @Test
    void grubCfgAndDefaults_areSources() throws Exception {
        file("/boot/grub/grub.cfg", "menuentry 'Debian' {\n\tlinux\t/vmlinuz-6.1.0 root=UUID=x ro quiet\n"
                + "\tinitrd\t/initrd.img\n}\n");
        file("/etc/default/grub", "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"
                + "GRUB_CMDLINE_LINUX=\"mitigations=off\"\n");
        List<CommandLineSources.Source> s = find();
        assertThat(s).hasSize(2);
        assertThat(s.stream().filter(x -> x.where().equals("GRUB_CMDLINE_LINUX")).findFirst().orElseThrow()
                .cmdline().params()).containsEntry("mitigations", "off");
    }

    @Test
    void ubootScript_setenvBootargs() throws Exception {
        file("/boot/boot.cmd", "setenv bootargs \"console=ttymxc0,115200 root=/dev/mmcblk2p2 nokaslr\"\n"
                + "load mmc 0:1 ${kernel_addr_r} Image\nbooti ${kernel_addr_r} - ${fdt_addr_r}\n");
        List<CommandLineSources.Source> s = find();
        assertThat(s).hasSize(1);
        assertThat(s.get(0).cmdline().params()).containsKey("nokaslr");
    }

    @Test
    void parse_quotesDashesAndInitArguments() {
        KernelCommandLine c = KernelCommandLine.parse("a=\"x y\" page-alloc.shuffle=1 quiet -- init_on_alloc=0");
        assertThat(c.params()).containsEntry("a", "x y").containsEntry("page_alloc.shuffle", "1")
                .containsEntry("quiet", "").doesNotContainKey("init_on_alloc");
    }
}
