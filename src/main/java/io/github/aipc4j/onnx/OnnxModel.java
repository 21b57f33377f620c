package io.github.aipc4j.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ONNX model ({@code ModelProto}) serialized by hand with {@link ProtoWriter}. Defaults: IR version 8, opset
 * imports {"" : 17}.
 *
 * <pre>{@code
 * OnnxModel model = OnnxModel.builder()
 *         .opset("com.microsoft", 1)
 *         .metadata("author", "me")
 *         .graph(OnnxGraph.builder("g")
 *                 .input("x", ElemType.FLOAT, "batch", 3)
 *                 .output("y", ElemType.FLOAT, "batch", 3)
 *                 .node(OnnxNode.op("Identity").inputs("x").outputs("y"))
 *                 .build())
 *         .build();
 * Path file = model.write(tempDir.resolve("model.onnx"));
 * }</pre>
 */
public record OnnxModel(long irVersion, Map<String, Long> opsets, String producerName, String producerVersion,
        String domain, Long modelVersion, String docString, OnnxGraph graph, Map<String, String> metadata) {

    public static final long DEFAULT_IR_VERSION = 8;
    public static final long DEFAULT_OPSET = 17;

    public OnnxModel {
        opsets = Collections.unmodifiableMap(new LinkedHashMap<>(opsets));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A model with the default IR version and opsets around a graph. */
    public static OnnxModel of(OnnxGraph graph) {
        return builder().graph(graph).build();
    }

    /** The serialized ModelProto. */
    public byte[] toBytes() {
        ProtoWriter w = new ProtoWriter();
        writeTo(w);
        return w.toByteArray();
    }

    /** Writes the model to a file (creating its parent folders) and returns the file. */
    public Path write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, toBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fields in number order: ir_version=1, producer_name=2, producer_version=3, domain=4, model_version=5,
     * doc_string=6, graph=7, opset_import=8 (domain=1, version=2), metadata_props=14 (key=1, value=2).
     */
    void writeTo(ProtoWriter w) {
        w.varint(1, irVersion);
        if (producerName != null) {
            w.string(2, producerName);
        }
        if (producerVersion != null) {
            w.string(3, producerVersion);
        }
        if (domain != null) {
            w.string(4, domain);
        }
        if (modelVersion != null) {
            w.varint(5, modelVersion);
        }
        if (docString != null) {
            w.string(6, docString);
        }
        w.message(7, graph::writeTo);
        opsets.forEach((d, v) -> w.message(8, o -> o.string(1, d).varint(2, v)));
        metadata.forEach((k, v) -> w.message(14, e -> e.string(1, k).string(2, v)));
    }

    public static final class Builder {
        private long irVersion = DEFAULT_IR_VERSION;
        private final Map<String, Long> opsets = new LinkedHashMap<>(Map.of("", DEFAULT_OPSET));
        private String producerName;
        private String producerVersion;
        private String domain;
        private Long modelVersion;
        private String docString;
        private OnnxGraph graph;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder irVersion(long version) {
            this.irVersion = version;
            return this;
        }

        /** Imports an operator set; {@code opset("", 21)} replaces the default ONNX opset 17. */
        public Builder opset(String opDomain, long version) {
            opsets.put(opDomain, version);
            return this;
        }

        public Builder producer(String name, String version) {
            this.producerName = name;
            this.producerVersion = version;
            return this;
        }

        public Builder domain(String modelDomain) {
            this.domain = modelDomain;
            return this;
        }

        public Builder modelVersion(long version) {
            this.modelVersion = version;
            return this;
        }

        /** The model's doc_string (ONNX Runtime reports it as the model description). */
        public Builder docString(String doc) {
            this.docString = doc;
            return this;
        }

        /** A metadata_props entry (custom metadata); entries keep their insertion order. */
        public Builder metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        public Builder graph(OnnxGraph mainGraph) {
            this.graph = mainGraph;
            return this;
        }

        public OnnxModel build() {
            if (graph == null) {
                throw new IllegalStateException("a model needs a graph");
            }
            return new OnnxModel(irVersion, opsets, producerName, producerVersion, domain, modelVersion, docString,
                    graph, metadata);
        }
    }
}
