package io.outpost.ota;

import io.outpost.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads a manifest for {@code outpost ota apply}: a file, or a URL under the rules of the manifest's
 * own {@code url} (https; http only on this machine). At most {@link JsonReader#MAX_PAYLOAD_BYTES};
 * parsed strictly. Stateless.
 */
public final class ManifestSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ManifestSource() {
    }

    public static Manifest read(String fileOrUrl) throws OtaRefusal, IOException, InterruptedException {
        if (!fileOrUrl.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            Path file = Path.of(fileOrUrl);
            if (Files.size(file) > JsonReader.MAX_PAYLOAD_BYTES) {
                throw new OtaRefusal("manifest: " + file + " is larger than " + JsonReader.MAX_PAYLOAD_BYTES + " bytes");
            }
            return ManifestParser.parse(Files.readAllBytes(file));
        }
        URI uri = ManifestParser.url(fileOrUrl);
        if (uri.getScheme().equalsIgnoreCase("file")) {
            return read(Path.of(uri).toString());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(JsonReader.MAX_PAYLOAD_BYTES + 1);
            return ManifestParser.parse(bytes);
        }
    }
}
