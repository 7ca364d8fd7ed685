package dev.mcpgate.gateway.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Predicate;

/** Calls the WAR's analytics API as a browser or script would: HTTP Basic, JSON answers. */
final class ApiClient {

    record Answer(int status, String body, String authenticate) {
        JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        JsonArray jsonArray() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readArray();
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ApiClient(URL deployment) {
        this.base = URI.create(deployment.toString().replaceAll("/$", "") + "/");
    }

    /** GET {@code path} (relative to the deployment) with these credentials, or none when user is null. */
    Answer get(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs {@code json} ({@code application/json}) to {@code path} with these credentials, as the dashboard does. */
    Answer post(String path, String user, String password, String json) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs a list call until its {@code items} satisfy {@code done} (the writer is asynchronous). */
    JsonArray awaitItems(String path, String user, String password, Predicate<JsonArray> done) {
        return await(path, user, password, answer -> done.test(answer.json().getJsonArray("items")))
                .json().getJsonArray("items");
    }

    /** GETs {@code path} until it answers 200 with a body that {@code done} accepts. */
    Answer await(String path, String user, String password, Predicate<Answer> done) {
        Instant deadline = Instant.now().plusSeconds(30);
        Answer last = null;
        while (Instant.now().isBefore(deadline)) {
            last = get(path, user, password);
            if (last.status() == 200 && done.test(last)) {
                return last;
            }
            pause();
        }
        throw new AssertionError("GET " + path + " never gave the expected answer; last answer: "
                + (last == null ? "none" : last.status() + " " + last.body()));
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
