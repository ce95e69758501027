package dev.medsec.sbom.crypto;

import java.util.List;
import java.util.Optional;

/**
 * The cryptographic bill of materials of an image: the assets, the libraries that implement them and the files that
 * use them. Written into the CycloneDX BOM as {@code cryptographic-asset} components, {@code dependencies[].provides}
 * (library to assets) and {@code dependencies[].dependsOn} (user to assets and libraries).
 */
public record CryptoBom(List<CryptoAsset> assets, List<Provider> providers, List<User> users) {
    public CryptoBom {
        assets = List.copyOf(assets);
        providers = List.copyOf(providers);
        users = List.copyOf(users);
    }

    public static CryptoBom empty() {
        return new CryptoBom(List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return assets.isEmpty() && providers.isEmpty() && users.isEmpty();
    }

    /**
     * A crypto library at an image path that implements the listed assets. The writer attaches {@code provides} to
     * the SBOM component identified from that file (or from the package owning it) and adds a library component
     * named {@code name} when there is none.
     */
    public record Provider(String name, String path, Optional<String> version, List<String> provides) {
        public Provider {
            provides = List.copyOf(provides);
        }
    }

    /** A file that uses assets (by ref) and links crypto libraries (by image path). */
    public record User(String path, List<String> assetRefs, List<String> libraryPaths) {
        public User {
            assetRefs = List.copyOf(assetRefs);
            libraryPaths = List.copyOf(libraryPaths);
        }
    }
}
