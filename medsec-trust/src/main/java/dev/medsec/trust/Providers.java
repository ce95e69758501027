package dev.medsec.trust;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;

/**
 * The one software provider of this module. It is a private instance, never registered with
 * {@code Security.addProvider}: an application embedding this API keeps its own provider order.
 */
final class Providers {
    static final Provider BC = new BouncyCastleProvider();

    private Providers() {
    }
}
