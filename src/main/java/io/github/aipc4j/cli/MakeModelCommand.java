package io.github.aipc4j.cli;

import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Weights;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code aipc4j make-model}: writes a synthetic Phi-3-architecture model folder (model.onnx, genai_config.json and,
 * when available, the Phi-3 tokenizer files) for a preset, with any dimension overridden.
 */
final class MakeModelCommand {
    static final String USAGE = """
            usage: aipc4j make-model --out DIR [--preset tiny|bench] [--layers N] [--hidden N] [--heads N]
                                     [--kv-heads N] [--head-dim N] [--intermediate N] [--vocab N] [--context N]
                                     [--weights fp32|fp16] [--tied true|false] [--seed N] [--tokenizer DIR]
              The same parameters always give byte-identical files. --tokenizer defaults to native/tokenizers/phi3
              (made by python3 native/tokenizer.py); without it the folder has no tokenizer files.""";

    private MakeModelCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String key = args.get(i);
            if (!key.startsWith("--") || i + 1 >= args.size()) {
                err.println("make-model: expected --option value, got '" + key + "'\n" + USAGE);
                return 2;
            }
            options.put(key.substring(2), args.get(++i));
        }
        Phi3Config c;
        Path folder;
        try {
            c = config(options);
            String target = options.remove("out");
            if (target == null) {
                throw new IllegalArgumentException("--out DIR is required");
            }
            folder = Path.of(target);
        } catch (IllegalArgumentException e) {
            err.println("make-model: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        Path tokenizer = Path.of(options.getOrDefault("tokenizer", "native/tokenizers/phi3"));
        if (!Files.isDirectory(tokenizer)) {
            err.println("make-model: no tokenizer files at " + tokenizer + " (run python3 native/tokenizer.py); "
                    + "writing the model without them");
            tokenizer = null;
        }
        try {
            Phi3Weights weights = Phi3Weights.generate(c, (done, total) -> progress(err, done, total));
            err.println();
            Phi3ModelFolder.write(folder, weights, tokenizer);
            out.printf("wrote %s: Phi-3 architecture, %d layers, hidden %d, %d/%d heads, vocab %d, %s weights, seed %d (%,d bytes)%n",
                    folder, c.layers(), c.hidden(), c.heads(), c.kvHeads(), c.vocabSize(), c.weightType(), c.seed(),
                    Files.size(folder.resolve(Phi3ModelFolder.MODEL_FILE)));
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("make-model: " + e);
            return 1;
        }
    }

    private static Phi3Config config(Map<String, String> o) {
        String preset = o.remove("preset");
        Phi3Config base = preset == null || preset.equals("tiny") ? Phi3Config.tiny()
                : preset.equals("bench") ? Phi3Config.bench() : null;
        if (base == null) {
            throw new IllegalArgumentException("unknown preset '" + preset + "' (tiny, bench)");
        }
        int hidden = integer(o, "hidden", base.hidden());
        int heads = integer(o, "heads", base.heads());
        int headDim = integer(o, "head-dim", o.containsKey("hidden") || o.containsKey("heads") ? hidden / heads : base.headDim());
        String weights = o.remove("weights");
        Phi3Config.WeightType type = weights == null ? base.weightType()
                : Phi3Config.WeightType.valueOf(weights.toUpperCase(java.util.Locale.ROOT));
        Phi3Config c = new Phi3Config(integer(o, "vocab", base.vocabSize()), hidden, integer(o, "layers", base.layers()), heads,
                integer(o, "kv-heads", Math.min(heads, base.kvHeads())), headDim, integer(o, "intermediate", base.intermediate()),
                integer(o, "context", base.context()), base.ropeTheta(), base.rmsEps(),
                Boolean.parseBoolean(o.getOrDefault("tied", String.valueOf(base.tiedHead()))), type,
                Long.parseLong(o.getOrDefault("seed", String.valueOf(base.seed()))));
        o.remove("tied");
        o.remove("seed");
        for (String unknown : o.keySet()) {
            if (!unknown.equals("out") && !unknown.equals("tokenizer")) {
                throw new IllegalArgumentException("unknown option --" + unknown);
            }
        }
        return c;
    }

    private static int integer(Map<String, String> o, String key, int fallback) {
        String v = o.remove(key);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " needs a whole number, got '" + v + "'");
        }
    }

    private static void progress(PrintStream err, int done, int total) {
        int width = 40;
        int filled = done * width / total;
        err.print("\rweights [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        err.flush();
    }
}
