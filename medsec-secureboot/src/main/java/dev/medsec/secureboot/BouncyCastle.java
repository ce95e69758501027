package dev.medsec.secureboot;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;

/** One BouncyCastle provider instance for the module, not installed globally (the host JVM stays untouched). */
public final class BouncyCastle {
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
