package io.github.aipc4j.llm.genai;

import io.github.aipc4j.core.Json;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Weights;
import io.github.aipc4j.testing.Pins;
import io.github.aipc4j.testing.TinyPhi3Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Model folders for the GenAI engine's tests and the reference forward pass that says what they must generate. */
final class TinyModels {
    static final Phi3Weights WEIGHTS = TinyPhi3Model.WEIGHTS;
    static final Path PHI3_TOKENIZER = Pins.ROOT.resolve("native/tokenizers/phi3");
    static final Path FIXTURES = Pins.ROOT.resolve("src/test/resources/fixtures/phi3-converted");

    private TinyModels() {
    }

    /** The model factory's tiny Phi-3 folder (model.onnx, genai_config.json, Phi-3's tokenizer files). */
    static Path tiny(Path dir) throws IOException {
        return Phi3ModelFolder.write(Files.createDirectories(dir), WEIGHTS, PHI3_TOKENIZER);
    }

    /** A converter fixture folder with the tokenizer.json that was pruned from the commit. */
    static Path fixture(String name, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(FIXTURES.resolve(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.copy(PHI3_TOKENIZER.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        return dir;
    }

    /** The greedy tokens fp32 transformers made for the fixtures' prompt (reference_logits.json). */
    static int[] fixtureGreedyTokens() throws IOException {
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(FIXTURES.resolve("genai-cpu-fp32/reference_logits.json")));
        return ((List<?>) json.get("greedy_tokens")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    /** What GenAI's Python API generated for the int4 fixture when it was made (verification.json). */
    static int[] int4RecordedTokens() throws IOException {
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(FIXTURES.resolve("verification.json")));
        Map<?, ?> run = (Map<?, ?>) ((Map<?, ?>) json.get("genai-cpu-int4")).get("run");
        return ((List<?>) run.get("greedy_tokens")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    /** The reference forward pass's greedy continuation of {@code sequence} (fresh cache, full recompute). */
    static int[] referenceGreedy(int[] sequence, int count) {
        return TinyPhi3Model.referenceGreedy(WEIGHTS, sequence, count);
    }

    static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
