package dev.medsec.core.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {
    private static Classification of(byte[] b, String name) {
        return Classifier.classify(ByteBuffer.wrap(b), name);
    }

    private static Classification of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8), "x");
    }

    @Test
    void classify_thisJvmsOwnElf_typeClassEndianMachine() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Classification c = of(Files.readAllBytes(java), "java");
        assertThat(c.type()).isEqualTo(FileType.ELF);
        assertThat(c.detail()).startsWith("ELF64 LSB").contains("DYN");
    }

    @Test
    void classify_bigEndianElfHeader_msbAndMachine() {
        byte[] h = new byte[64];
        h[0] = 0x7f;
        h[1] = 'E';
        h[2] = 'L';
        h[3] = 'F';
        h[4] = 1;
        h[5] = 2;
        h[17] = 2; // ET_EXEC, big endian
        h[19] = 8; // EM_MIPS
        assertThat(of(h, "a").detail()).isEqualTo("ELF32 MSB MIPS EXEC");
    }

    @Test
    void classify_nameNeverDecides() {
        assertThat(of("just text\n".getBytes(StandardCharsets.UTF_8), "evil.tar.gz").type()).isEqualTo(FileType.TEXT);
        assertThat(of(new byte[] {1, 2, 3, 0, 5}, "cert.pem").type()).isEqualTo(FileType.OTHER);
    }

    @Test
    void classify_textFormats() {
        assertThat(of("#!/bin/sh\necho\n").type()).isEqualTo(FileType.SHELL_SCRIPT);
        assertThat(of("#!/usr/bin/env bash\n").type()).isEqualTo(FileType.SHELL_SCRIPT);
        assertThat(of("#!/usr/bin/python3\n").type()).isEqualTo(FileType.SCRIPT);
        assertThat(of("MSH|^~\\&|LAB|\rPID|1||123\r").type()).isEqualTo(FileType.HL7);
        assertThat(of("FHS|^~\\&|LAB\rBHS|^~\\&\rMSH|^~\\&|\r").type()).isEqualTo(FileType.HL7);
        assertThat(of("-----BEGIN CERTIFICATE-----\nMIIB\n").type()).isEqualTo(FileType.X509_PEM);
        assertThat(of("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n").type()).isEqualTo(FileType.PRIVATE_KEY_PEM);
        assertThat(of("-----BEGIN PRIVATE KEY-----\nMIIE\n").type()).isEqualTo(FileType.PRIVATE_KEY_PEM);
        assertThat(of("-----BEGIN PUBLIC KEY-----\nMIIB\n").type()).isEqualTo(FileType.PUBLIC_KEY_PEM);
        assertThat(of("{\"resourceType\": \"Patient\"}").type()).isEqualTo(FileType.JSON);
        assertThat(of("<?xml version=\"1.0\"?><a/>").type()).isEqualTo(FileType.XML);
        assertThat(of("#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 6.1.0 Kernel Configuration\n").type())
                .isEqualTo(FileType.KERNEL_CONFIG);
        assertThat(of("CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\nCONFIG_D=\"x\"\nCONFIG_E=1\n").type())
                .isEqualTo(FileType.KERNEL_CONFIG);
        assertThat(of("hello world\n").type()).isEqualTo(FileType.TEXT);
    }

    @Test
    void classify_textMarkersAnywhereInTheHead() {
        assertThat(of("tls:\n  ca: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n").type()).isEqualTo(FileType.X509_PEM);
        assertThat(of("x".repeat(8000) + "\n-----BEGIN EC PRIVATE KEY-----\n").type()).isEqualTo(FileType.PRIVATE_KEY_PEM);
        // armour cut off by the 8 KiB head is not armour
        assertThat(of("x".repeat(8185) + "-----BEGIN CERTIFICATE-----").type()).isEqualTo(FileType.TEXT);
        assertThat(of("-----BEGIN NOTHING-----\n").type()).isEqualTo(FileType.TEXT);
        assertThat(of("notes\nCONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\nCONFIG_D=y\n").type()).isEqualTo(FileType.TEXT);
        assertThat(of("notes\nCONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\nCONFIG_D=y\nCONFIG_E=y").type())
                .isEqualTo(FileType.KERNEL_CONFIG);
        assertThat(of("#!/bin/sh\r\necho\r\n").detail()).isEqualTo("/bin/sh");
        assertThat(of("\n\t  {\"a\": 1}").type()).isEqualTo(FileType.JSON);
        assertThat(of("  <config/>").type()).isEqualTo(FileType.XML);
        assertThat(of("<!DOCTYPE html><html/>").type()).isEqualTo(FileType.TEXT);
        assertThat(of("[\"a\"]").type()).isEqualTo(FileType.JSON);
        assertThat(of("[section]\nkey=1\n").type()).isEqualTo(FileType.TEXT);
    }

    @Test
    void classify_printableShareDecidesTextOrOther() {
        byte[] ok = "a".repeat(95).getBytes(StandardCharsets.US_ASCII);
        byte[] text = java.util.Arrays.copyOf(ok, 100);
        java.util.Arrays.fill(text, 95, 100, (byte) 1);
        assertThat(of(text, "x").type()).isEqualTo(FileType.TEXT);
        text[94] = 2;
        assertThat(of(text, "x").type()).isEqualTo(FileType.OTHER);
        assertThat(of("tab\tform\fescape\u001b[0m\r\n").type()).isEqualTo(FileType.TEXT);
        assertThat(of("text then a NUL\0 byte").type()).isEqualTo(FileType.OTHER);
    }

    /** The head buffer is reused per thread: a short input never sees the bytes of a longer one before it. */
    @Test
    void classify_shortAfterLong_seesOnlyItsOwnBytes() {
        StringBuilder config = new StringBuilder();
        while (config.length() < 9000) {
            config.append("CONFIG_OPTION_").append(config.length()).append("=y\n");
        }
        assertThat(of(config.toString()).type()).isEqualTo(FileType.KERNEL_CONFIG);
        assertThat(of("ab\n").type()).isEqualTo(FileType.TEXT);
        assertThat(of("-----BEGIN CERTIFICATE-----\n" + "A".repeat(9000)).type()).isEqualTo(FileType.X509_PEM);
        assertThat(of("-----BEGIN").type()).isEqualTo(FileType.TEXT);
        byte[] tar = new byte[1024];
        tar[0] = 'a';
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        assertThat(of(tar, "x").type()).isEqualTo(FileType.TAR);
        assertThat(of(new byte[] {'a', 'b'}, "x").type()).isEqualTo(FileType.TEXT);
        assertThat(of(new byte[] {0x7f, 'E', 'L'}, "x").type()).isEqualTo(FileType.TEXT);
    }

    @Test
    void classify_binaryMagics() {
        HexFormat hex = HexFormat.of();
        assertThat(of(hex.parseHex("d00dfeed00000100"), "a").type()).isEqualTo(FileType.FDT);
        assertThat(of(hex.parseHex("27051956000000000000"), "a").type()).isEqualTo(FileType.UIMAGE);
        assertThat(of(hex.parseHex("1f8b0800"), "a").type()).isEqualTo(FileType.GZIP);
        assertThat(of(hex.parseHex("fd377a585a00"), "a").type()).isEqualTo(FileType.XZ);
        assertThat(of(hex.parseHex("28b52ffd"), "a").type()).isEqualTo(FileType.ZSTD);
        assertThat(of("BZh91AY".getBytes(StandardCharsets.US_ASCII), "a").type()).isEqualTo(FileType.BZIP2);
        assertThat(of("hsqs\0\0\0\0".getBytes(StandardCharsets.US_ASCII), "a").type()).isEqualTo(FileType.SQUASHFS);
        assertThat(of("070701000".getBytes(StandardCharsets.US_ASCII), "a").type()).isEqualTo(FileType.CPIO);
        assertThat(of("!<arch>\ndebian-binary".getBytes(StandardCharsets.US_ASCII), "x.deb").type()).isEqualTo(FileType.AR);
        assertThat(of("SQLite format 3\0rest".getBytes(StandardCharsets.US_ASCII), "a").type()).isEqualTo(FileType.SQLITE);
        assertThat(of(hex.parseHex("cafebabe0000003d"), "a").type()).isEqualTo(FileType.JAVA_CLASS);
        assertThat(of(hex.parseHex("feedfeed00000002"), "a").type()).isEqualTo(FileType.JAVA_KEYSTORE);
        assertThat(of(hex.parseHex("cececece00000002"), "a").detail()).isEqualTo("JCEKS");
        // a Mach-O universal binary shares the magic but not the version field
        assertThat(of(hex.parseHex("cafebabe00000002"), "a").type()).isNotEqualTo(FileType.JAVA_CLASS);
        byte[] dicom = new byte[140];
        dicom[128] = 'D';
        dicom[129] = 'I';
        dicom[130] = 'C';
        dicom[131] = 'M';
        assertThat(of(dicom, "a").type()).isEqualTo(FileType.DICOM);
        byte[] ext = new byte[4096];
        ext[1080] = 0x53;
        ext[1081] = (byte) 0xef;
        assertThat(of(ext, "a").type()).isEqualTo(FileType.EXT_FS);
        byte[] arm64 = new byte[128];
        arm64[0x38] = 'A';
        arm64[0x39] = 'R';
        arm64[0x3a] = 'M';
        arm64[0x3b] = 0x64;
        assertThat(of(arm64, "Image").type()).isEqualTo(FileType.LINUX_KERNEL);
    }

    @Test
    void classify_truncatedAndEmpty_neverThrows(@TempDir Path tmp) {
        for (int len = 0; len < 70; len++) {
            byte[] b = new byte[len];
            if (len > 0) {
                b[0] = 'M';
            }
            if (len > 1) {
                b[1] = 'Z';
            }
            of(b, "x");
        }
        byte[] mz = new byte[0x40];
        mz[0] = 'M';
        mz[1] = 'Z';
        mz[0x3c] = (byte) 0xff;
        mz[0x3d] = (byte) 0xff;
        mz[0x3e] = (byte) 0xff;
        mz[0x3f] = (byte) 0x7f;
        assertThat(of(mz, "x").type()).isNotEqualTo(FileType.PE);
    }
}
